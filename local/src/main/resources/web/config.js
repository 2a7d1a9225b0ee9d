// Where the shopper's page finds the API. Served by the local server as is: the API is this server.
// `shoplens pages --api URL --out DIR` writes its own config.js for a copy hosted apart (see the README).
window.SHOPLENS = {};
