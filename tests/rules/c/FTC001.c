/* A single-phase module that never says it can run without the GIL, and C++
   bindings with and without their declaration. */
#include <Python.h>

static PyMethodDef speedups_methods[] = {
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, speedups_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)  // expect: FTC001
{
    return PyModule_Create(&speedups_module);
}
