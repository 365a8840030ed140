/* Declares that it needs the GIL: still reported (importing it turns the GIL
   back on), with a hint of its own. */
#include <Python.h>

static struct PyModuleDef legacy_module = {
    PyModuleDef_HEAD_INIT, "_legacy", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit__legacy(void)  // expect: FTC001
{
    PyObject *module = PyModule_Create(&legacy_module);
    if (module == NULL) {
        return NULL;
    }
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(module, Py_MOD_GIL_USED);
#endif
    return module;
}
