/* global structuredClone */
// Per-document issue and verify rates of kpx beside two peers, measured in the same run on the
// same certificate fields (issue "Benchmark suite", Goals):
//   - OpenAttestation v2 (@govtechsg/open-attestation): wrapDocument + signDocument with its
//     default Ethereum (Secp256k1) signer; verify hash-only (`verifySignature`) and with the
//     signer recovered from the proof's signature;
//   - W3C Data Integrity (@digitalbazaar/vc, eddsa-rdfc-2022 with Ed25519 Multikey, static
//     document loader).
// kpx issue = signCertificate (credential, RFC 8785 JSON, Ed25519 JWS); kpx verify = signature
// + parse + RFC 8785 check + schema + key lookup (verifyCertificate). Goals: issue ≥ 20× both
// peers; verify ≥ 10× Data Integrity, ≥ 10× OpenAttestation with signer recovery, ≥ 3× its
// hash-only verifySignature. The ratio rows carry the measured factor as `value`, the goal as
// `limit` and value ÷ goal as `ratio` (≥ 1: met).
//
// `npm run bench -- --only peers [--quick]`
import { certificateFixture } from './sign-verify.mjs';
import { openAttestationPeer } from './peer-open-attestation.mjs';
import { dataIntegrityPeer } from './peer-data-integrity.mjs';
import { ratesSideBySide, record } from './lib.mjs';

export async function benchPeers() {
  const kpx = await certificateFixture();
  const oa = await openAttestationPeer(kpx.certificate);
  const di = await dataIntegrityPeer(kpx.certificate);
  // Every verify path rejects a tampered document before it is timed: a fast verifier that
  // checks nothing would not be a fair comparison.
  await expectRejected(kpx, oa, di);

  // Side by side, per CPU-second of this process (see lib.mjs): the ratios are what matters.
  const rates = await ratesSideBySide({
    kpxIssue: { fn: kpx.sign },
    kpxVerify: { fn: () => kpx.verify() },
    oaIssue: { fn: oa.issue, batch: 2 },
    oaVerifyHash: { fn: () => oa.verifyHashOnly(), batch: 5 },
    oaVerifySigner: { fn: () => oa.verifyWithSigner(), batch: 2 },
    diIssue: { fn: di.issue, batch: 2 },
    diVerify: { fn: () => di.verify(), batch: 2 },
  });
  const row = (name, value) => record({ name, backend: 'none', value, unit: 'docs/CPU-s' });
  row('peers: kpx issue (sign certificate)', rates.kpxIssue);
  row('peers: kpx verify (sig+parse+schema+key)', rates.kpxVerify);
  row('peers: OpenAttestation issue (wrap+sign)', rates.oaIssue);
  row('peers: OpenAttestation verify (hash-only)', rates.oaVerifyHash);
  row('peers: OpenAttestation verify (+signer recovery)', rates.oaVerifySigner);
  row('peers: Data Integrity issue (eddsa-rdfc-2022)', rates.diIssue);
  row('peers: Data Integrity verify (eddsa-rdfc-2022)', rates.diVerify);

  const goals = [
    ['issue', 'OpenAttestation wrap+sign', rates.kpxIssue, rates.oaIssue, 20],
    ['issue', 'Data Integrity issue', rates.kpxIssue, rates.diIssue, 20],
    ['verify', 'Data Integrity verify', rates.kpxVerify, rates.diVerify, 10],
    ['verify', 'OpenAttestation +signer recovery', rates.kpxVerify, rates.oaVerifySigner, 10],
    ['verify', 'OpenAttestation hash-only', rates.kpxVerify, rates.oaVerifyHash, 3],
  ];
  const verdicts = [];
  for (const [what, peer, ours, theirs, goal] of goals) {
    const factor = ours / theirs;
    record({
      name: `peers: kpx ${what} ÷ ${peer}`,
      backend: 'none',
      value: factor,
      unit: '×',
      limit: goal,
      ratio: factor / goal,
    });
    verdicts.push(
      `  ${factor >= goal ? 'PASS' : 'MISS'}  kpx ${what} ${factor.toFixed(1)}× ${peer} (goal ≥ ${goal}×)`,
    );
  }
  console.log(`peers: goals\n${verdicts.join('\n')}`);
}

async function expectRejected(kpx, oa, di) {
  const [h, p] = kpx.jws.split('.');
  const otherSignature = (await kpx.sign()).split('.')[2];
  const forgedPayload = Buffer.from(
    Buffer.from(p, 'base64url').toString('utf8').replace('"parcels":4', '"parcels":5'),
  ).toString('base64url');
  if ((await kpx.verify(`${h}.${forgedPayload}.${otherSignature}`)).valid)
    throw new Error('bench set-up: kpx accepted a tampered certificate');

  const tamperedOa = structuredClone(oa.signed);
  tamperedOa.data.parcels = tamperedOa.data.parcels.replace(/:4$/, ':5');
  if (tamperedOa.data.parcels === oa.signed.data.parcels)
    throw new Error('bench set-up: could not tamper with the OpenAttestation document');
  if (!(await throws(() => oa.verifyHashOnly(tamperedOa))))
    throw new Error('bench set-up: OpenAttestation accepted a tampered document');
  const otherKey = await openAttestationPeer(kpx.certificate);
  const forgedOa = {
    ...oa.signed,
    proof: [{ ...oa.signed.proof[0], signature: otherKey.signed.proof[0].signature }],
  };
  if (!(await throws(() => oa.verifyWithSigner(forgedOa))))
    throw new Error('bench set-up: OpenAttestation accepted a signature by another key');

  const tamperedDi = structuredClone(di.signed);
  tamperedDi.credentialSubject.parcels = 5;
  if (!(await throws(() => di.verify(tamperedDi))))
    throw new Error('bench set-up: Data Integrity accepted a tampered credential');
}

async function throws(fn) {
  try {
    await fn();
    return false;
  } catch {
    return true;
  }
}
