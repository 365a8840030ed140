/* Mutable C globals written by module functions, next to constants, tables
   never written, locks and atomics. */
#include <Python.h>

static long calls = 0;                         // expect: FTC003
static int verbose;                            // expect: FTC003
static char last_error[256];                   // expect: FTC003
static const char *const names[] = {"a", "b"};
static int table[4] = {1, 2, 3, 4};
static PyMutex lock;
static _Atomic long atomic_calls;
static char *kwlist[] = {"value", NULL};

static PyObject *
count_call(PyObject *self, PyObject *args, PyObject *kwargs)
{
    int value = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|i", kwlist, &value)) {
        return NULL;
    }
    PyMutex_Lock(&lock);
    PyMutex_Unlock(&lock);
    calls++;
    atomic_calls += 1;
    verbose = value;
    last_error[0] = '\0';
    return PyLong_FromLong(calls + table[value & 3] + (long)names[0][0]);
}

static PyMethodDef methods[] = {
    {"count_call", (PyCFunction)count_call, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
    {0, NULL},
};

static struct PyModuleDef counter_module = {
    PyModuleDef_HEAD_INIT, "_counter", NULL, 0, methods, slots,
};

PyMODINIT_FUNC
PyInit__counter(void)
{
    return PyModuleDef_Init(&counter_module);
}
