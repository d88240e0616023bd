// Preloaded (node --import) into each SDK script by scripts/sdk-check.sh: any
// fetch to a host other than this machine is refused, so a script whose
// settings miss the sandbox cannot reach a real iMBRACE gateway instead. The
// SDK's HTTP transport uses fetch; requests made with node:http directly are
// not covered.
const loopback = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);
const fetchOf = globalThis.fetch;
globalThis.fetch = (input, init) => {
  let url;
  try {
    url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  } catch {
    return fetchOf(input, init); // not an absolute URL: fetch gives its own error
  }
  if (!loopback.has(url.hostname)) {
    return Promise.reject(new Error(`sdk-check: refused a request to ${url.host}: only the local sandbox may be reached`));
  }
  return fetchOf(input, init);
};
