/* The limited API asked for unconditionally, and once only for the GIL build. */
#define Py_LIMITED_API 0x030A0000  // expect: FTC005
#include <Python.h>

#ifndef Py_GIL_DISABLED
#define Py_LIMITED_API 0x030A0000
#endif

#if !defined(Py_GIL_DISABLED)
#  define Py_LIMITED_API 0x030B0000
#endif
