/**
 * web3.js v1 signers as the core's CoreSigner: a Keypair / Signer (it has a secret key), or a
 * wallet (`signTransaction(tx)`, as browser and hardware wallets offer). The message the core
 * compiled is signed as is; a wallet that hands back another transaction is caught by the core.
 */
import { Message, PublicKey, Transaction, VersionedMessage, VersionedTransaction, type Signer } from '@solana/web3.js';
import { ValidationError } from '../core/errors.js';
import { isKey, keyBytes } from '../core/keys.js';
import type { CoreSigner } from '../core/client/transactions.js';
import { expectKey, expectObject } from '../core/validate.js';

/** A wallet-style signer (browser wallets, hardware wallets, remote signers). */
export interface WalletSigner {
  /** The wallet's address: the fee payer. */
  publicKey: PublicKey;
  /** Signs a transaction and resolves to it, signed. */
  signTransaction(tx: Transaction): Promise<Transaction>;
}

/** Anything that can sign for the payer: a web3.js Keypair / Signer, or a wallet. */
export type TxSigner = Signer | WalletSigner;

/** Whether `v` already is a CoreSigner (an `address` and a `sign` function). */
function isCoreSigner(v: unknown): v is CoreSigner {
  return typeof v === 'object' && v !== null && isKey((v as CoreSigner).address) && typeof (v as CoreSigner).sign === 'function';
}

/** A web3.js signer (or a CoreSigner, passed through) as a CoreSigner; ValidationError naming `signer` otherwise. */
export function web3Signer(signer: unknown): CoreSigner {
  if (isCoreSigner(signer)) return signer;
  expectObject(signer, 'signer');
  expectKey(signer.publicKey, 'signer.publicKey');
  const address = signer.publicKey as PublicKey;
  if (signer.secretKey instanceof Uint8Array) {
    const keypair = signer as unknown as Signer;
    return {
      address,
      async sign(message) {
        const tx = new VersionedTransaction(VersionedMessage.deserialize(message));
        tx.sign([keypair]);
        const signature = tx.signatures[0];
        if (!signature) throw new ValidationError('signer', 'the signer did not sign the transaction');
        return { signature, message: tx.message.serialize() };
      },
    };
  }
  if (typeof signer.signTransaction === 'function') {
    const wallet = signer as unknown as WalletSigner;
    return {
      address,
      async sign(message) {
        const signed = await wallet.signTransaction(Transaction.populate(Message.from(message)));
        if (!signed || typeof (signed as Transaction).serializeMessage !== 'function') {
          throw new ValidationError('signer', 'signTransaction did not return a Transaction');
        }
        const payer = keyBytes(address, 'signer.publicKey');
        const entry = signed.signatures.find((s) => isKey(s.publicKey) && equal(keyBytes(s.publicKey), payer));
        if (!entry?.signature) throw new ValidationError('signer', 'the signer did not sign the transaction');
        return { signature: new Uint8Array(entry.signature), message: new Uint8Array(signed.serializeMessage()) };
      },
    };
  }
  throw new ValidationError('signer', 'must be a Keypair/Signer or have signTransaction');
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
