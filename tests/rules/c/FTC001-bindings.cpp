// C++ bindings: pybind11 and nanobind modules with and without their
// free-threading declaration (nanobind's lives in CMake: FREE_THREADED on
// nanobind_add_module, absent here, as no build file comes with the fixture).
#include <pybind11/pybind11.h>
#include <nanobind/nanobind.h>

namespace py = pybind11;

PYBIND11_MODULE(_fast, m) {  // expect: FTC001
    m.def("add", [](int a, int b) { return a + b; });
}

PYBIND11_MODULE(_declared, m, py::mod_gil_not_used()) {
    m.def("sub", [](int a, int b) { return a - b; });
}

NB_MODULE(_nb_fast, m) {  // expect: FTC001
    m.def("mul", [](int a, int b) { return a * b; });
}
