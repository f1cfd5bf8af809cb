// The import bench's second yardstick: DuckDB's read_csv into a table of a fresh database file.
// Usage: node duckdb_import.mjs DIR DB CSV   (DIR holds node_modules/@duckdb/node-api: npm install --prefix DIR)
import { createRequire } from 'node:module';

const [, , modules, dbPath, csv] = process.argv;
const { DuckDBInstance } = createRequire(`${modules}/`)('@duckdb/node-api');
const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
await connection.run(`CREATE TABLE calls AS SELECT * FROM read_csv('${csv.replaceAll("'", "''")}')`);
const rows = await connection.runAndReadAll('SELECT COUNT(*) FROM calls');
console.log(String(rows.getRows()[0][0]));
