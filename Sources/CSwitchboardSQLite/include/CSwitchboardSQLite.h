#ifndef SWITCHBOARD_CSQLITE_H
#define SWITCHBOARD_CSQLITE_H
// Process-wide SQLite settings that only the variadic `sqlite3_config` can make (Swift cannot call it).

/// Before SQLite's first use: every connection in multi-thread mode (no mutex around each API call;
/// each connection is used by one thread at a time) and no global memory statistics (no global mutex
/// around each allocation). Returns SQLite's result code: SQLITE_MISUSE (21) once SQLite is in use,
/// in which case nothing changed.
int sb_sqlite_configure_process(void);

#endif
