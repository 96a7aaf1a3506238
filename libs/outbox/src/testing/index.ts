export * from './broker-test-urls.js';
export * from './tcp-proxy.js';
export * from './inbox-store.contract.js';
