/* global structuredClone */
// The W3C Data Integrity peer: a VC 2.0 credential carrying the same certificate fields, issued
// and verified with @digitalbazaar/vc and an Ed25519 Multikey under the eddsa-rdfc-2022
// cryptosuite (RDF Dataset Canonicalization + Ed25519). Contexts and keys come from a static
// document loader built from the installed context packages: nothing is fetched.
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { contexts as credentialContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';

const vcContextV2 = 'https://www.w3.org/ns/credentials/v2';
const issuer = 'https://ru-minfin.example/issuer';

/** A document loader that answers only from `documents` and refuses every other URL. */
function staticDocumentLoader(documents) {
  return async (url) => {
    const document = documents.get(url);
    if (document === undefined)
      throw new Error(`bench: the static document loader has no ${url} (no network)`);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/**
 * Issue and verify functions of the peer for `certificate` (the credentialSubject), with a
 * fresh key; `verify` throws unless the credential verifies.
 */
export async function dataIntegrityPeer(certificate) {
  const keyPair = await Ed25519Multikey.generate({ controller: issuer });
  const publicKey = await keyPair.export({ publicKey: true, includeContext: true });
  const controllerDocument = {
    '@context': ['https://www.w3.org/ns/did/v1', multikeyContext.CONTEXT_URL],
    id: issuer,
    assertionMethod: [publicKey],
  };
  const documents = new Map([
    ...credentialContexts,
    ...dataIntegrityContext.contexts,
    ...multikeyContext.contexts,
    [publicKey.id, publicKey],
    [issuer, controllerDocument],
  ]);
  // did/v1 is only used by the controller document, which is handed out as is: a minimal
  // context keeps it loadable without the did-context package.
  documents.set('https://www.w3.org/ns/did/v1', {
    '@context': {
      '@protected': true,
      id: '@id',
      type: '@type',
      assertionMethod: {
        '@id': 'https://w3id.org/security#assertionMethod',
        '@type': '@id',
        '@container': '@set',
      },
    },
  });
  const documentLoader = staticDocumentLoader(documents);
  const signingSuite = new DataIntegrityProof({
    signer: keyPair.signer(),
    cryptosuite: eddsaRdfc2022,
  });
  const verifyingSuite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const credential = {
    // An inline vocabulary for the certificate's terms (ours is the kpx context): JSON-LD safe
    // mode refuses terms that do not expand.
    '@context': [vcContextV2, { '@vocab': 'https://w3id.org/kpx/vocab#' }],
    type: ['VerifiableCredential', 'KimberleyProcessCertificate'],
    id: `urn:kpx:cert:${certificate.number}`,
    issuer,
    validFrom: `${certificate.issuedOn}T00:00:00Z`,
    validUntil: `${certificate.expiresOn}T23:59:59Z`,
    credentialSubject: certificate,
  };
  const issue = () =>
    vc.issue({ credential: structuredClone(credential), suite: signingSuite, documentLoader });
  const signed = await issue();
  const verify = async (document = signed) => {
    const result = await vc.verifyCredential({
      credential: document,
      suite: verifyingSuite,
      documentLoader,
    });
    if (!result.verified)
      throw new Error(
        `bench: the Data Integrity credential does not verify: ${result.error?.message ?? JSON.stringify(result)}`,
      );
    return result;
  };
  return { issue, verify, signed };
}
