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

// Where the API is: this server (the default), or, when the page is hosted as static files, the API named in
// config.js, with a Cognito token when the API's Cognito endpoint is used.
const SHOPLENS = window.SHOPLENS || {};
const API_BASE = (SHOPLENS.api || '').replace(/\/+$/, '');

function apiFetch(path, options) {
  const init = Object.assign({}, options || {});
  const token = typeof SHOPLENS.token === 'function' ? SHOPLENS.token() : SHOPLENS.token;
  if (token) init.headers = Object.assign({}, init.headers || {}, { Authorization: 'Bearer ' + token });
  return fetch(API_BASE + path, init);
}

// An image URL from the API: absolute (AWS presigns them) or a path on the API's server.
function apiUrl(url) {
  return /^https?:/.test(url) ? url : API_BASE + url;
}
