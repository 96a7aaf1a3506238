/** Jest global teardown: stops the embedded PostgreSQL server if the global setup started one. */
export default async function globalTeardown() {
  const embedded = globalThis.__cqrsDddEmbeddedPostgres;
  if (embedded) {
    delete globalThis.__cqrsDddEmbeddedPostgres;
    await embedded.stop();
  }
}
