/* Multi-phase init declaring Py_MOD_GIL_NOT_USED on the free-threaded build:
   nothing to report. */
#include <Python.h>

static int
exec_module(PyObject *module)
{
    return PyModule_AddIntConstant(module, "answer", 42);
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
#ifdef Py_GIL_DISABLED
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef declared_module = {
    PyModuleDef_HEAD_INIT, "_declared", NULL, 0, NULL, slots,
};

PyMODINIT_FUNC
PyInit__declared(void)
{
    return PyModuleDef_Init(&declared_module);
}
