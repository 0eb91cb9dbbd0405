#include <sqlite3.h>
#include "CSwitchboardSQLite.h"

int sb_sqlite_configure_process(void) {
    int code = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    if (code != SQLITE_OK) return code;
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
