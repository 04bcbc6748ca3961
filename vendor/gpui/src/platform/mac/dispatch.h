#include <dispatch/dispatch.h>
#include <dispatch/source.h>
