// The OpenAttestation peer: a v2 document carrying the same certificate fields, wrapped (salted
// SHA3 Merkle tree) and signed with its default signer (an Ethereum Secp256k1 key, DID issuer).
// Verification as the library itself offers it: `verifySignature` (the hashes and the Merkle
// proof: no signature check), and that plus recovering the signer's address from the proof's
// signature of the Merkle root and comparing it with the document's verification method (what
// OpenAttestation's DID verifier does before any DNS or ledger look-up).
import {
  SUPPORTED_SIGNING_ALGORITHM,
  signDocument,
  verifySignature,
  wrapDocument,
} from '@govtechsg/open-attestation';
import { createRequire } from 'node:module';

// ethers v5 as OpenAttestation itself depends on it (its signer is an ethers Wallet): resolved
// from the library's own location, not a dependency of ours.
const fromOpenAttestation = createRequire(import.meta.resolve('@govtechsg/open-attestation'));
const { arrayify } = fromOpenAttestation('@ethersproject/bytes');
const { Wallet, verifyMessage } = fromOpenAttestation('@ethersproject/wallet');

/**
 * Issue (wrap + sign) and verify functions of the peer for `certificate`, with a fresh key;
 * the verify functions throw unless the document verifies.
 */
export async function openAttestationPeer(certificate) {
  const wallet = Wallet.createRandom();
  const did = `did:ethr:${wallet.address}`;
  const key = { private: wallet.privateKey, public: `${did}#controller` };
  const raw = {
    issuers: [
      {
        id: did,
        name: certificate.issuingAuthority,
        revocation: { type: 'NONE' },
        identityProof: { type: 'DNS-DID', location: 'ru-minfin.example', key: key.public },
      },
    ],
    ...certificate,
  };
  const issue = () =>
    signDocument(wrapDocument(raw), SUPPORTED_SIGNING_ALGORITHM.Secp256k1VerificationKey2018, key);
  const signed = await issue();

  const verifyHashOnly = (document = signed) => {
    if (!verifySignature(document))
      throw new Error('bench: the OpenAttestation document fails verifySignature');
  };
  const verifyWithSigner = (document = signed) => {
    verifyHashOnly(document);
    const [proof] = document.proof;
    const merkleRoot = arrayify(`0x${document.signature.merkleRoot}`);
    const recovered = verifyMessage(merkleRoot, proof.signature);
    const expected = proof.verificationMethod.replace(/^did:ethr:/, '').replace(/#controller$/, '');
    if (recovered.toLowerCase() !== expected.toLowerCase())
      throw new Error(
        'bench: the OpenAttestation signature was not made by its verification method',
      );
  };
  return { issue, verifyHashOnly, verifyWithSigner, signed };
}
