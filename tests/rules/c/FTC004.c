/* Borrowed references from containers other threads can change, next to the
   strong-reference variants. */
#include <Python.h>

static PyObject *
first_repr(PyObject *self, PyObject *args)
{
    PyObject *items, *cache, *key;
    if (!PyArg_ParseTuple(args, "OOO", &items, &cache, &key)) {
        return NULL;
    }
    PyObject *first = PyList_GetItem(items, 0);  // expect: FTC004
    PyObject *cached = PyDict_GetItem(cache, key);  // expect: FTC004
    PyObject *module = PyImport_AddModule("json");  // expect: FTC004
    PyObject *kept = PyList_GET_ITEM(items, 1);  // gilfree: ignore[FTC004] (items is a private copy)
    PyObject *strong;
    if (PyDict_GetItemRef(cache, key, &strong) < 0) {
        return NULL;
    }
    PyObject *item = PyList_GetItemRef(items, 0);
    Py_XDECREF(strong);
    Py_XDECREF(item);
    (void)cached;
    (void)module;
    (void)kept;
    return PyObject_Repr(first);
}
