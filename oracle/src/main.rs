//! dzprov's oracle: the DoubleZero serviceability program, executed natively by
//! `solana-program-test` (bank + BanksClient: real account serialization, signer and
//! writable enforcement, rent, system-program CPI), behind a line-oriented JSON protocol.
//!
//! One request per stdin line, one response per stdout line prefixed with `@@oracle `
//! (anything else on stdout is the program's own printing and is ignored by the client).
//! The harness holds no logic of its own about the program: it loads accounts, runs the
//! signed transactions it is given, and reports what the runtime said. See
//! `oracle/PROTOCOL.md` for the commands.

mod upstream;

use std::io::{BufRead, Write};
use std::sync::Mutex;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::{json, Value};
use solana_program::{account_info::AccountInfo, entrypoint::ProgramResult, pubkey::Pubkey};
use solana_program_test::{processor, ProgramTest, ProgramTestContext};
use solana_sdk::{
    account::{Account, AccountSharedData},
    instruction::InstructionError,
    transaction::{TransactionError, VersionedTransaction},
};

const PREFIX: &str = "@@oracle ";

/// The last panic message, so a panicking program is reported with its message
/// (program-test turns the panic into `ProgramFailedToComplete`).
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// The program's entrypoint, with one check the native runtime does not make: a real
/// validator fails an instruction that changed a read-only account
/// (`ReadonlyDataModified`/`ReadonlyLamportChange`), while program-test's native mode
/// silently drops such changes. The wrapper turns them into a panic the report names.
fn entry(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let before: Vec<(Pubkey, u64, Vec<u8>)> = accounts
        .iter()
        .filter(|a| !a.is_writable)
        .map(|a| (*a.key, a.lamports(), a.data.borrow().to_vec()))
        .collect();
    let result = doublezero_serviceability::entrypoint::process_instruction(program_id, accounts, data);
    if result.is_ok() {
        for (key, lamports, bytes) in &before {
            if let Some(a) = accounts.iter().find(|a| a.key == key && !a.is_writable) {
                if a.lamports() != *lamports || a.data.borrow()[..] != bytes[..] {
                    panic!("oracle: the program changed read-only account {key}");
                }
            }
        }
    }
    result
}

struct Oracle {
    ctx: Option<ProgramTestContext>,
    program_id: Pubkey,
}

fn pubkey(v: &Value, field: &str) -> Result<Pubkey, String> {
    v.get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("missing string field `{field}`"))?
        .parse::<Pubkey>()
        .map_err(|e| format!("`{field}`: {e}"))
}

fn account_json(key: &Pubkey, account: Option<&Account>) -> Value {
    match account {
        None => json!({ "pubkey": key.to_string(), "exists": false }),
        Some(a) => json!({
            "pubkey": key.to_string(),
            "exists": true,
            "lamports": a.lamports.to_string(),
            "owner": a.owner.to_string(),
            "executable": a.executable,
            "data": B64.encode(&a.data),
        }),
    }
}

fn error_json(err: &TransactionError, panic: Option<String>) -> Value {
    match err {
        TransactionError::InstructionError(index, ie) => {
            let (kind, code) = match ie {
                InstructionError::Custom(n) => ("Custom".to_string(), Some(*n)),
                other => (format!("{other:?}"), None),
            };
            json!({
                "type": "instruction",
                "index": index,
                "error": kind,
                "code": code,
                "panic": if matches!(ie, InstructionError::ProgramFailedToComplete) { panic } else { None },
            })
        }
        other => json!({ "type": "transaction", "error": format!("{other:?}") }),
    }
}

impl Oracle {
    fn ctx(&mut self) -> Result<&mut ProgramTestContext, String> {
        self.ctx.as_mut().ok_or_else(|| "no ledger: send `start` first".to_string())
    }

    async fn handle(&mut self, req: &Value) -> Result<Value, String> {
        let cmd = req.get("cmd").and_then(Value::as_str).ok_or("missing `cmd`")?;
        match cmd {
            "start" => {
                self.program_id = pubkey(req, "programId")?;
                let mut pt = ProgramTest::new("doublezero_serviceability", self.program_id, processor!(entry));
                pt.set_compute_max_units(req.get("computeMaxUnits").and_then(Value::as_u64).unwrap_or(1_400_000));
                pt.prefer_bpf(false);
                let ctx = pt.start_with_context().await;
                let payer = ctx.payer.to_bytes().to_vec();
                self.ctx = Some(ctx);
                Ok(json!({ "payerSecretKey": B64.encode(payer) }))
            }
            "setAccount" => {
                let key = pubkey(req, "pubkey")?;
                let owner = pubkey(req, "owner")?;
                let lamports: u64 = req
                    .get("lamports")
                    .and_then(Value::as_str)
                    .ok_or("missing string field `lamports`")?
                    .parse()
                    .map_err(|e| format!("`lamports`: {e}"))?;
                let data = B64
                    .decode(req.get("data").and_then(Value::as_str).unwrap_or(""))
                    .map_err(|e| format!("`data`: {e}"))?;
                let executable = req.get("executable").and_then(Value::as_bool).unwrap_or(false);
                let account = Account { lamports, data, owner, executable, rent_epoch: u64::MAX };
                self.ctx()?.set_account(&key, &AccountSharedData::from(account));
                Ok(json!({}))
            }
            "getAccounts" => {
                let keys = req.get("pubkeys").and_then(Value::as_array).ok_or("missing array `pubkeys`")?;
                let mut out = Vec::with_capacity(keys.len());
                for k in keys {
                    let key: Pubkey = k.as_str().ok_or("pubkeys: not a string")?.parse().map_err(|e| format!("{e}"))?;
                    let account = self.ctx()?.banks_client.get_account(key).await.map_err(|e| e.to_string())?;
                    out.push(account_json(&key, account.as_ref()));
                }
                Ok(json!({ "accounts": out }))
            }
            "rent" => {
                let len = req.get("dataLen").and_then(Value::as_u64).ok_or("missing `dataLen`")? as usize;
                let rent = self.ctx()?.banks_client.get_rent().await.map_err(|e| e.to_string())?;
                Ok(json!({ "lamports": rent.minimum_balance(len).to_string() }))
            }
            "blockhash" => {
                let ctx = self.ctx()?;
                let hash = if req.get("fresh").and_then(Value::as_bool).unwrap_or(false) {
                    // The bank also advances on its own clock, so the working slot is only
                    // known to be at least the root: step past it until the warp is accepted.
                    let mut slot = ctx.banks_client.get_root_slot().await.map_err(|e| e.to_string())? + 2;
                    let mut tries = 0;
                    while let Err(e) = ctx.warp_to_slot(slot) {
                        tries += 1;
                        if tries == 100 {
                            return Err(format!("cannot warp to a new slot: {e:?}"));
                        }
                        slot += 8;
                    }
                    ctx.last_blockhash
                } else {
                    ctx.banks_client.get_latest_blockhash().await.map_err(|e| e.to_string())?
                };
                Ok(json!({ "blockhash": hash.to_string() }))
            }
            "send" | "simulate" => {
                let wire = B64
                    .decode(req.get("transaction").and_then(Value::as_str).ok_or("missing `transaction`")?)
                    .map_err(|e| format!("`transaction`: {e}"))?;
                let tx: VersionedTransaction = bincode::deserialize(&wire).map_err(|e| format!("`transaction`: {e}"))?;
                let keys: Vec<Pubkey> = tx.message.static_account_keys().to_vec();
                *LAST_PANIC.lock().unwrap() = None;
                let ctx = self.ctx()?;
                // The bank processes what it is handed without checking signatures (a validator
                // checks them first): check them here, so a badly signed transaction never runs.
                // A simulation may skip the check (`sigVerify: false`, as an RPC node's
                // simulateTransaction allows), for a transaction not signed yet.
                let verify = cmd == "send" || req.get("sigVerify").and_then(Value::as_bool).unwrap_or(true);
                if verify && tx.verify_with_results().iter().any(|ok| !ok) {
                    return Ok(json!({
                        "success": false,
                        "error": error_json(&TransactionError::SignatureFailure, None),
                        "logs": [],
                        "computeUnits": 0,
                        "accounts": [],
                    }));
                }
                let (result, logs, units) = if cmd == "send" {
                    let r = ctx.banks_client.process_transaction_with_metadata(tx).await.map_err(|e| e.to_string())?;
                    let (logs, units) = r.metadata.map(|m| (m.log_messages, m.compute_units_consumed)).unwrap_or_default();
                    (r.result, logs, units)
                } else {
                    let r = ctx.banks_client.simulate_transaction(tx).await.map_err(|e| e.to_string())?;
                    let (logs, units) = r.simulation_details.map(|d| (d.logs, d.units_consumed)).unwrap_or_default();
                    (r.result.unwrap_or(Ok(())), logs, units)
                };
                let panic = LAST_PANIC.lock().unwrap().take();
                let mut accounts = Vec::with_capacity(keys.len());
                for key in &keys {
                    let account = ctx.banks_client.get_account(*key).await.map_err(|e| e.to_string())?;
                    accounts.push(account_json(key, account.as_ref()));
                }
                Ok(json!({
                    "success": result.is_ok(),
                    "error": result.as_ref().err().map(|e| error_json(e, panic)),
                    "logs": logs,
                    "computeUnits": units,
                    "accounts": accounts,
                }))
            }
            "build" => {
                let ix = upstream::build(&self.program_id, req)?;
                Ok(json!({
                    "programId": ix.program_id.to_string(),
                    "accounts": ix.accounts.iter().map(|m| json!({
                        "pubkey": m.pubkey.to_string(), "isSigner": m.is_signer, "isWritable": m.is_writable,
                    })).collect::<Vec<_>>(),
                    "data": B64.encode(&ix.data),
                }))
            }
            other => Err(format!("unknown command `{other}`")),
        }
    }
}

fn main() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        eprintln!("oracle: panic: {msg}");
        *LAST_PANIC.lock().unwrap() = Some(msg);
    }));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut oracle = Oracle { ctx: None, program_id: Pubkey::default() };
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let response = match serde_json::from_str::<Value>(&line) {
            Err(e) => json!({ "id": null, "ok": false, "message": format!("bad JSON: {e}") }),
            Ok(req) => {
                let id = req.get("id").cloned().unwrap_or(Value::Null);
                match rt.block_on(oracle.handle(&req)) {
                    Ok(Value::Object(mut body)) => {
                        body.insert("id".into(), id);
                        body.insert("ok".into(), Value::Bool(true));
                        Value::Object(body)
                    }
                    Ok(_) => unreachable!("handlers answer objects"),
                    Err(message) => json!({ "id": id, "ok": false, "message": message }),
                }
            }
        };
        let _ = writeln!(stdout, "{PREFIX}{response}");
        let _ = stdout.flush();
    }
}
