#include "CSwitchboardLinux.h"
