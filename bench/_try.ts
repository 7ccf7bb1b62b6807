import { runMicro, microTables } from '/work/main/bench/micro';
runMicro({ rounds: 7, batchMs: 5, log: (l) => console.error(l) }).then((r) => console.log(microTables(r)));
