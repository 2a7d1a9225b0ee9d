// What the shopper's and the merchant's pages share.

// A JSON answer, or an Error whose message a person can read: the server's own message, or a sentence when
// something in between (a proxy, a gateway) answered with a page of its own.
async function readJson(response) {
  if (!(response.headers.get('content-type') || '').includes('json')) {
    throw new Error('the server answered HTTP ' + response.status + ' without a readable message (a proxy or gateway in '
      + 'the way?). Try again in a moment.');
  }
  const json = await response.json();
  if (!response.ok) throw new Error(json.message || 'HTTP ' + response.status);
  return json;
}
