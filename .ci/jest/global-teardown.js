/** Jest global teardown: stops the embedded PostgreSQL server and the MongoDB stand-in if the global setup started them. */
export default async function globalTeardown() {
  const embedded = globalThis.__cqrsDddEmbeddedPostgres;
  const standIn = globalThis.__cqrsDddMongoStandIn;
  delete globalThis.__cqrsDddEmbeddedPostgres;
  delete globalThis.__cqrsDddMongoStandIn;
  await Promise.all([embedded?.stop(), standIn?.then((started) => started?.stop())]);
}
