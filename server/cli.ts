import { serverConfigFromEnv, startServer } from './start';

/** `npm run server`: the central sync server alone, for a clinic's central install. */
const config = serverConfigFromEnv();
const server = await startServer(config);
console.log(`Medora sync server listening on ${server.url} (database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded in ${config.dataDir}`})`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
