/* PyObject caches filled lazily outside module init, next to state that only
   module init writes. */
#include <Python.h>

static PyObject *decoder = NULL;  // expect: FTC002
static PyObject *empty_tuple;     /* filled once in PyInit: not reported */
PyTypeObject *ExportedType;       // expect: FTC002
static PyObject *ignored_cache;   // gilfree: ignore[FTC002]

static PyObject *
decode(PyObject *self, PyObject *arg)
{
    static PyObject *interned = NULL;  // expect: FTC002
    if (interned == NULL) {
        interned = PyUnicode_InternFromString("decode");
    }
    if (decoder == NULL) {
        decoder = PyObject_GetAttr(self, interned);
    }
    if (ExportedType == NULL) {
        ExportedType = Py_TYPE(arg);
    }
    if (ignored_cache == NULL) {
        ignored_cache = PyTuple_New(0);
    }
    return PyObject_CallOneArg(decoder, arg);
}

static PyMethodDef methods[] = {
    {"decode", decode, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
    {0, NULL},
};

static struct PyModuleDef cache_module = {
    PyModuleDef_HEAD_INIT, "_cache", NULL, 0, methods, slots,
};

PyMODINIT_FUNC
PyInit__cache(void)
{
    empty_tuple = PyTuple_New(0);
    return PyModuleDef_Init(&cache_module);
}
