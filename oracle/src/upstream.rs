//! The bootstrap instructions dzprov has no builder for (global state and config,
//! feature flags, allowlists, authorities, contributors, locations, exchanges,
//! topologies, permissions), built by the program's own Rust builder crate. This is a
//! table from a JSON request to one builder call:
//! `{"cmd":"build","builder":NAME,"payer":PK,"args":{..}}`.

use doublezero_program_common::types::NetworkV4;
use doublezero_serviceability::pda::get_permission_pda;
use doublezero_serviceability::processors::{
    allowlist::{foundation::add::AddFoundationAllowlistArgs, qa::add::AddQaAllowlistArgs},
    contributor::create::ContributorCreateArgs,
    exchange::create::ExchangeCreateArgs,
    globalconfig::set::SetGlobalConfigArgs,
    globalstate::{setauthority::SetAuthorityArgs, setfeatureflags::SetFeatureFlagsArgs},
    location::create::LocationCreateArgs,
    permission::{
        create::PermissionCreateArgs, suspend::PermissionSuspendArgs, update::PermissionUpdateArgs,
    },
    topology::create::TopologyCreateArgs,
};
use doublezero_serviceability::state::topology::TopologyConstraint;
use doublezero_serviceability_instruction as b;
use serde_json::Value;
use solana_program::{instruction::Instruction, pubkey::Pubkey};

fn field<'a>(v: &'a Value, name: &str) -> Result<&'a Value, String> {
    v.get(name).ok_or_else(|| format!("args: missing `{name}`"))
}
fn string(v: &Value, name: &str) -> Result<String, String> {
    Ok(field(v, name)?.as_str().ok_or_else(|| format!("args.{name}: not a string"))?.to_string())
}
fn key(v: &Value, name: &str) -> Result<Pubkey, String> {
    string(v, name)?.parse().map_err(|e| format!("args.{name}: {e}"))
}
fn opt_key(v: &Value, name: &str) -> Result<Option<Pubkey>, String> {
    match v.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => key(v, name).map(Some),
    }
}
fn uint(v: &Value, name: &str) -> Result<u64, String> {
    field(v, name)?.as_u64().ok_or_else(|| format!("args.{name}: not an unsigned integer"))
}
/// u128 values travel as decimal strings.
fn u128_str(v: &Value, name: &str) -> Result<u128, String> {
    string(v, name)?.parse().map_err(|e| format!("args.{name}: {e}"))
}
fn float(v: &Value, name: &str) -> Result<f64, String> {
    field(v, name)?.as_f64().ok_or_else(|| format!("args.{name}: not a number"))
}
fn net(v: &Value, name: &str) -> Result<NetworkV4, String> {
    string(v, name)?.parse().map_err(|e| format!("args.{name}: {e:?}"))
}

pub fn build(program_id: &Pubkey, req: &Value) -> Result<Instruction, String> {
    let name = req.get("builder").and_then(Value::as_str).ok_or("missing `builder`")?;
    let payer: Pubkey = req
        .get("payer")
        .and_then(Value::as_str)
        .ok_or("missing `payer`")?
        .parse()
        .map_err(|e| format!("payer: {e}"))?;
    let empty = Value::Object(Default::default());
    let a = req.get("args").unwrap_or(&empty);
    let p = program_id;
    Ok(match name {
        "init_global_state" => b::globalstate::init_global_state(p, &payer),
        "set_authority" => b::globalstate::set_authority(
            p,
            &payer,
            SetAuthorityArgs {
                activator_authority_pk: opt_key(a, "activatorAuthorityPk")?,
                sentinel_authority_pk: opt_key(a, "sentinelAuthorityPk")?,
                health_oracle_pk: opt_key(a, "healthOraclePk")?,
                feed_authority_pk: opt_key(a, "feedAuthorityPk")?,
            },
        ),
        "set_global_config" => b::globalconfig::set_global_config(
            p,
            &payer,
            SetGlobalConfigArgs {
                local_asn: uint(a, "localAsn")? as u32,
                remote_asn: uint(a, "remoteAsn")? as u32,
                device_tunnel_block: net(a, "deviceTunnelBlock")?,
                user_tunnel_block: net(a, "userTunnelBlock")?,
                multicastgroup_block: net(a, "multicastgroupBlock")?,
                multicast_publisher_block: net(a, "multicastPublisherBlock")?,
                next_bgp_community: None,
            },
        ),
        "set_feature_flags" => b::globalstate::set_feature_flags(
            p,
            &payer,
            SetFeatureFlagsArgs { feature_flags: u128_str(a, "featureFlags")? },
        ),
        "add_foundation_allowlist" => b::allowlist::add_foundation_allowlist(
            p,
            &payer,
            AddFoundationAllowlistArgs { pubkey: key(a, "pubkey")? },
        ),
        "add_qa_allowlist" => b::allowlist::add_qa_allowlist(
            p,
            &payer,
            AddQaAllowlistArgs { pubkey: key(a, "pubkey")? },
        ),
        "create_contributor" => b::contributor::create_contributor(
            p,
            &payer,
            &key(a, "owner")?,
            u128_str(a, "accountIndex")?,
            ContributorCreateArgs { code: string(a, "code")? },
        ),
        "create_location" => b::location::create_location(
            p,
            &payer,
            u128_str(a, "accountIndex")?,
            LocationCreateArgs {
                code: string(a, "code")?,
                name: string(a, "name")?,
                country: string(a, "country")?,
                lat: float(a, "lat")?,
                lng: float(a, "lng")?,
                loc_id: uint(a, "locId")? as u32,
            },
        ),
        "create_exchange" => b::exchange::create_exchange(
            p,
            &payer,
            u128_str(a, "accountIndex")?,
            ExchangeCreateArgs {
                code: string(a, "code")?,
                name: string(a, "name")?,
                lat: float(a, "lat")?,
                lng: float(a, "lng")?,
                reserved: 0,
            },
        ),
        "create_topology" => b::topology::create_topology(
            p,
            &payer,
            TopologyCreateArgs {
                name: string(a, "name")?,
                constraint: match uint(a, "constraint")? {
                    0 => TopologyConstraint::IncludeAny,
                    1 => TopologyConstraint::Exclude,
                    n => return Err(format!("args.constraint: {n} is not a TopologyConstraint")),
                },
            },
        ),
        "create_permission" => b::permission::create_permission(
            p,
            &payer,
            PermissionCreateArgs { user_payer: key(a, "userPayer")?, permissions: u128_str(a, "permissions")? },
        ),
        "update_permission" => b::permission::update_permission(
            p,
            &payer,
            &get_permission_pda(p, &key(a, "userPayer")?).0,
            PermissionUpdateArgs { add: u128_str(a, "add")?, remove: u128_str(a, "remove")? },
        ),
        "suspend_permission" => b::permission::suspend_permission(
            p,
            &payer,
            &get_permission_pda(p, &key(a, "userPayer")?).0,
            PermissionSuspendArgs {},
        ),
        other => return Err(format!("unknown builder `{other}`")),
    })
}
