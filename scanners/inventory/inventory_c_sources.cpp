#include "scanners/inventory/inventory_c_sources.hpp"

#include <re2/re2.h>
#include <tree_sitter/api.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <tuple>

#include "common/directory_walk.hpp"
#include "scanners/inventory/c_tree_sitter.hpp"
#include "scanners/inventory/inventory_paths.hpp"
#include "scanners/inventory/inventory_text_file.hpp"
#include "scanners/inventory/native_rules.hpp"
#include "scanners/engine/suppression.hpp"

extern "C" const TSLanguage* tree_sitter_c();

namespace gilfree::scanners {
namespace {

// C is parsed by its own core (see c_tree_sitter.hpp): every tree-sitter call here goes through it.
const CTreeSitter& cts() { return c_tree_sitter(); }

// ---- positions and findings

// 1-based line of a byte offset, and its column in characters (UTF-8).
std::pair<int, int> position_of(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
  size_t start = offset == 0 ? std::string::npos : text.rfind('\n', offset - 1);
  start = start == std::string::npos ? 0 : start + 1;
  int column = 1;
  for (size_t i = start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return {line, column};
}

std::string line_text(const std::string& text, int line) {
  size_t start = 0;
  for (int i = 1; i < line && start != std::string::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return "";
  return text.substr(start, text.find('\n', start) - start);
}

// `// gilfree: ignore[FTC002]` (or `# ...`) on the line, or a bare `gilfree: ignore`:
// the parser of Python's suppression comments, on the line's text.
bool suppressed(const std::string& line, const std::string& rule) {
  auto ids = suppression_ids(line);
  return ids && (ids->count("*") != 0 || ids->count(rule) != 0);
}

// A finding of the native rule `id` (rules/c/<id>.yaml) over [start, end),
// its message and hint filled with `values`.
void add_finding(SourceScan& scan, const SourceFile& file, const std::string& id, size_t start, size_t end,
                 const std::map<std::string, std::string>& values) {
  auto [line, column] = position_of(file.content, start);
  if (suppressed(line_text(file.content, line), id)) return;
  const auto& rule = native_rule(id);
  auto [end_line, end_column] = position_of(file.content, end);
  Finding finding;
  finding.rule_id = rule.id;
  finding.rule_name = rule.name;
  finding.severity = rule.severity;
  finding.confidence = rule.confidence;
  finding.message = fill_message_fields(rule.message, values);
  finding.hint = fill_message_fields(rule.hint, values);
  finding.path = file.path;
  finding.line = line;
  finding.column = column;
  finding.end_line = end_line;
  finding.end_column = end_column;
  scan.findings.push_back(std::move(finding));
}

void add_module(SourceScan& scan, const SourceFile& file, const std::string& name, const std::string& kind,
                size_t offset, bool declared, const std::string& how) {
  auto [line, column] = position_of(file.content, offset);
  scan.modules.push_back({name, kind, file.path, line, declared});
  if (declared) return;
  add_finding(scan, file, "FTC001", offset, offset + name.size(), {{"module", name}, {"how", how}});
}

// ---- tree-sitter helpers

std::string node_text(TSNode node, const std::string& source) {
  auto start = cts().node_start_byte(node);
  auto end = cts().node_end_byte(node);
  return source.substr(start, end - start);
}

bool is_type(TSNode node, const char* type) { return !cts().node_is_null(node) && std::strcmp(cts().node_type(node), type) == 0; }

TSNode field(TSNode node, const char* name) {
  return cts().node_child_by_field_name(node, name, static_cast<uint32_t>(std::strlen(name)));
}

// The identifier a declarator names, through pointers, arrays, parentheses.
TSNode declared_identifier(TSNode declarator) {
  while (!cts().node_is_null(declarator) && !is_type(declarator, "identifier")) {
    if (is_type(declarator, "parenthesized_declarator")) {
      declarator = cts().node_named_child(declarator, 0);
    } else {
      declarator = field(declarator, "declarator");
    }
  }
  return declarator;
}

bool declarator_contains(TSNode declarator, const char* type) {
  while (!cts().node_is_null(declarator) && !is_type(declarator, "identifier")) {
    if (is_type(declarator, type)) return true;
    declarator = is_type(declarator, "parenthesized_declarator") ? cts().node_named_child(declarator, 0)
                                                                  : field(declarator, "declarator");
  }
  return false;
}

// The declarators of a declaration (its other named children are the type,
// storage classes and qualifiers; the type is never a plain identifier).
bool is_declarator(TSNode node) {
  for (const char* type : {"init_declarator", "pointer_declarator", "array_declarator", "identifier",
                           "function_declarator", "parenthesized_declarator", "attributed_declarator"}) {
    if (is_type(node, type)) return true;
  }
  return false;
}

// Definition tables: written once by their initializer, read by CPython.
const std::set<std::string>& definition_table_types() {
  static const std::set<std::string> kTypes = {
      "PyModuleDef", "struct PyModuleDef", "PyModuleDef_Slot", "PyMethodDef", "PyMemberDef", "PyGetSetDef",
      "PyTypeObject", "PyType_Slot", "PyType_Spec", "PyNumberMethods", "PySequenceMethods",
      "PyMappingMethods", "PyAsyncMethods", "PyBufferProcs", "PyStructSequence_Desc",
      "PyStructSequence_Field", "PyDoc_STRVAR"};
  return kTypes;
}

struct BorrowedCall {
  const char* function;
  const char* instead;
};
constexpr std::array<BorrowedCall, 13> kBorrowedCalls = {{
    {"PyList_GetItem", "PyList_GetItemRef"},
    {"PyList_GET_ITEM", "PyList_GetItemRef"},
    {"PyDict_GetItem", "PyDict_GetItemRef"},
    {"PyDict_GetItemWithError", "PyDict_GetItemRef"},
    {"PyDict_GetItemString", "PyDict_GetItemStringRef"},
    {"PyDict_SetDefault", "PyDict_SetDefaultRef"},
    {"PyWeakref_GetObject", "PyWeakref_GetRef"},
    {"PyWeakref_GET_OBJECT", "PyWeakref_GetRef"},
    {"PyImport_AddModule", "PyImport_AddModuleRef"},
    {"PyCell_GET", "PyCell_Get"},
    {"PyEval_GetGlobals", "PyEval_GetFrameGlobals"},
    {"PyEval_GetLocals", "PyEval_GetFrameLocals"},
    {"PyEval_GetBuiltins", "PyEval_GetFrameBuiltins"},
}};

// A static or file-scope variable, checked once all writes are known.
struct StateDeclaration {
  std::string name;
  std::string type;
  bool pointer = false;
  bool in_function = false;
  bool is_static = false;
  size_t start = 0;
  size_t end = 0;
};

class CFileChecker {
 public:
  CFileChecker(const SourceFile& file, SourceScan& scan) : file_(file), scan_(scan) {}

  void check(TSNode root) {
    visit(root, "");
    report_modules();
    report_state();
  }

 private:
  void visit(TSNode node, const std::string& function) {
    if (is_type(node, "ERROR")) return;  // what did not parse is not guessed at
    if (is_type(node, "function_definition")) return visit_function(node);
    // A body whose header the preprocessor split (#if around the parameter
    // list) parses as a bare block: its declarations are still block-scope.
    if (is_type(node, "compound_statement") && function.empty()) {
      uint32_t count = cts().node_named_child_count(node);
      for (uint32_t i = 0; i < count; ++i) visit(cts().node_named_child(node, i), "?");
      return;
    }
    if (is_type(node, "declaration")) record_declaration(node, function);
    if (is_type(node, "call_expression")) check_call(node);
    if (is_type(node, "initializer_list")) check_slot(node);
    if (is_type(node, "assignment_expression")) record_write(field(node, "left"), function);
    if (is_type(node, "update_expression")) record_write(field(node, "argument"), function);
    if (is_type(node, "preproc_def") && node_text(field(node, "name"), file_.content) == "Py_LIMITED_API" &&
        !guarded_by_gil_disabled(node)) {
      add_finding(scan_, file_, "FTC005", cts().node_start_byte(node), cts().node_end_byte(node),
                  {{"source", "#define Py_LIMITED_API"}});
    }
    uint32_t count = cts().node_named_child_count(node);
    for (uint32_t i = 0; i < count; ++i) visit(cts().node_named_child(node, i), function);
  }

  // Inside #ifndef Py_GIL_DISABLED (or an #if naming it): the limited API is
  // asked for only in the GIL build, which is the right way to do it.
  bool guarded_by_gil_disabled(TSNode node) const {
    for (auto parent = cts().node_parent(node); !cts().node_is_null(parent); parent = cts().node_parent(parent)) {
      TSNode condition = is_type(parent, "preproc_ifdef") ? field(parent, "name")
                         : (is_type(parent, "preproc_if") || is_type(parent, "preproc_elif")) ? field(parent, "condition")
                                                                                               : TSNode{};
      if (!cts().node_is_null(condition) &&
          node_text(condition, file_.content).find("Py_GIL_DISABLED") != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  void visit_function(TSNode node) {
    auto name_node = declared_identifier(field(node, "declarator"));
    std::string name = cts().node_is_null(name_node) ? "" : node_text(name_node, file_.content);
    if (name.rfind("PyInit_", 0) == 0) init_functions_.push_back({name.substr(7), cts().node_start_byte(name_node)});
    visit(field(node, "body"), name.empty() ? "?" : name);
  }

  void record_write(TSNode target, const std::string& function) {
    // The variable written: the base of a[i] = ..., s.f = ..., (x) = ...
    while (!cts().node_is_null(target) && !is_type(target, "identifier")) {
      if (is_type(target, "subscript_expression")) target = field(target, "argument");
      else if (is_type(target, "field_expression")) target = field(target, "argument");
      else if (is_type(target, "parenthesized_expression")) target = cts().node_named_child(target, 0);
      else return;  // *p = ... writes the pointee, not p
    }
    if (!cts().node_is_null(target)) writes_[node_text(target, file_.content)].insert(function);
  }

  void check_call(TSNode node) {
    auto callee = field(node, "function");
    if (!is_type(callee, "identifier")) return;
    auto name = node_text(callee, file_.content);
    if (name == "PyUnstable_Module_SetGIL") {
      auto arguments = node_text(field(node, "arguments"), file_.content);
      if (arguments.find("Py_MOD_GIL_NOT_USED") != std::string::npos) declares_not_used_ = true;
      if (arguments.find("Py_MOD_GIL_USED") != std::string::npos) declares_used_ = true;
      return;
    }
    for (const auto& call : kBorrowedCalls) {
      if (name != call.function) continue;
      add_finding(scan_, file_, "FTC004", cts().node_start_byte(callee), cts().node_end_byte(callee),
                  {{"function", call.function}, {"instead", call.instead}});
    }
  }

  void check_slot(TSNode node) {
    if (cts().node_named_child_count(node) != 2) return;
    auto slot = node_text(cts().node_named_child(node, 0), file_.content);
    auto value = node_text(cts().node_named_child(node, 1), file_.content);
    if (slot == "Py_mod_exec") exec_functions_.insert(value);  // runs once per module object, like PyInit
    if (slot != "Py_mod_gil") return;
    if (value == "Py_MOD_GIL_NOT_USED") declares_not_used_ = true;
    if (value == "Py_MOD_GIL_USED") declares_used_ = true;
  }

  void record_declaration(TSNode node, const std::string& function) {
    // A declaration that did not parse cleanly (C11 _Thread_local, unknown
    // macros) is not trusted either way.
    if (cts().node_has_error(node)) return;
    bool is_static = false;
    uint32_t count = cts().node_child_count(node);
    for (uint32_t i = 0; i < count; ++i) {
      auto child = cts().node_child(node, i);
      auto text = node_text(child, file_.content);
      if (is_type(child, "storage_class_specifier")) {
        if (text == "static") is_static = true;
        else return;  // extern: defined elsewhere; thread-locals are per thread
      }
      if (is_type(child, "type_qualifier") && (text == "const" || text == "constexpr")) return;
      // `static _Atomic long n;`: the qualifier is not part of the type field.
      if (is_type(child, "type_qualifier") && text == "_Atomic") return;
    }
    bool in_function = !function.empty();
    if (in_function && !is_static) return;  // an automatic variable
    // Error recovery can hoist a function body into an #if block: what looks
    // like a global there may be a local, so such blocks are not trusted.
    auto parent = cts().node_parent(node);
    if (!in_function && !is_type(parent, "translation_unit") && cts().node_has_error(parent)) return;
    auto type = node_text(field(node, "type"), file_.content);
    type = type.substr(0, type.find('{'));  // "struct globals { ... }" is shown as "struct globals"
    while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back())) != 0) type.pop_back();
    bool definition_table = definition_table_types().count(type) != 0;
    // Locks and once-flags are the guards themselves, not what needs guarding.
    static const std::set<std::string> kSynchronization = {"PyMutex", "PyThread_type_lock", "pthread_mutex_t",
                                                           "pthread_once_t", "pthread_rwlock_t", "_PyOnceFlag"};
    if (kSynchronization.count(type) != 0 || type.rfind("_Atomic", 0) == 0) return;
    uint32_t named = cts().node_named_child_count(node);
    for (uint32_t i = 0; i < named; ++i) {
      auto declarator = cts().node_named_child(node, i);
      if (!is_declarator(declarator)) continue;
      if (is_type(declarator, "init_declarator")) declarator = field(declarator, "declarator");
      if (declarator_contains(declarator, "function_declarator")) continue;  // a prototype
      bool pointer = declarator_contains(declarator, "pointer_declarator");
      if (definition_table && !pointer) continue;  // a static type or method table, not a PyTypeObject *
      // static char *kwlist[] = {"a", NULL}: keyword lists are never written.
      if (type == "char" && pointer && declarator_contains(declarator, "array_declarator")) continue;
      auto name = declared_identifier(declarator);
      if (cts().node_is_null(name)) continue;
      state_.push_back({node_text(name, file_.content), type, pointer, in_function, is_static,
                        cts().node_start_byte(node), cts().node_end_byte(name)});
    }
  }

  bool written_outside_init(const std::string& name) const {
    auto it = writes_.find(name);
    if (it == writes_.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(), [this](const std::string& function) {
      return function.rfind("PyInit_", 0) != 0 && exec_functions_.count(function) == 0;
    });
  }

  void report_state() {
    for (const auto& state : state_) {
      if (!written_outside_init(state.name)) continue;  // set once (or never): not shared mutable state
      bool pyobject = state.pointer && state.type.rfind("Py", 0) == 0 && state.type.size() > 6 &&
                      state.type.compare(state.type.size() - 6, 6, "Object") == 0;
      std::string what = std::string(state.is_static ? "static " : "global ") + state.type +
                         (state.pointer ? " *" : " ") + state.name;
      add_finding(scan_, file_, pyobject ? "FTC002" : "FTC003", state.start, state.end, {{"declaration", what}});
    }
  }

  void report_modules() {
    for (const auto& [name, offset] : init_functions_) {
      std::string how = declares_used_
                            ? "it declares Py_MOD_GIL_USED; once it is thread-safe, declare {Py_mod_gil, Py_MOD_GIL_NOT_USED}"
                            : "add {Py_mod_gil, Py_MOD_GIL_NOT_USED} to its PyModuleDef_Slot array (multi-phase init) or "
                              "call PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED), under #ifdef Py_GIL_DISABLED";
      add_module(scan_, file_, name, "c", offset, declares_not_used_ && !declares_used_, how);
    }
  }

  const SourceFile& file_;
  SourceScan& scan_;
  std::vector<std::pair<std::string, size_t>> init_functions_;
  std::vector<StateDeclaration> state_;
  std::map<std::string, std::set<std::string>> writes_;  // variable -> functions that write it
  std::set<std::string> exec_functions_;                 // Py_mod_exec slot functions
  bool declares_not_used_ = false;
  bool declares_used_ = false;
};

void scan_cpp_bindings(const SourceFile& file, SourceScan& scan, const BuildFacts& build) {
  static const RE2 kPybind11(R"((PYBIND11_MODULE\s*\(\s*(\w+)\s*,\s*\w+\s*([^{]*)\{))");
  static const RE2 kNanobind(R"((NB_MODULE\s*\(\s*(\w+)\s*,))");
  re2::StringPiece input(file.content);
  re2::StringPiece whole, name, rest;
  while (RE2::FindAndConsume(&input, kPybind11, &whole, &name, &rest)) {
    bool declared = rest.find("mod_gil_not_used") != re2::StringPiece::npos;
    add_module(scan, file, std::string(name), "pybind11", static_cast<size_t>(whole.data() - file.content.data()),
               declared, "pass py::mod_gil_not_used() as the third argument of PYBIND11_MODULE (pybind11 >= 2.13)");
  }
  input = file.content;
  while (RE2::FindAndConsume(&input, kNanobind, &whole, &name)) {
    std::string module(name);
    auto& targets = build.nanobind_targets;
    bool has_target = std::find(targets.begin(), targets.end(), module) != targets.end();
    auto& free = build.nanobind_free_threaded;
    bool declared = has_target ? std::find(free.begin(), free.end(), module) != free.end()
                               : !targets.empty() && free.size() == targets.size();
    add_module(scan, file, module, "nanobind", static_cast<size_t>(whole.data() - file.content.data()), declared,
               "add FREE_THREADED to its nanobind_add_module(...) call in CMake (nanobind >= 2.2)");
  }
}

std::unique_ptr<TSTree, void (*)(TSTree*)> parse_c(const std::string& content) {
  std::unique_ptr<TSParser, void (*)(TSParser*)> parser(cts().parser_new(), cts().parser_delete);
  cts().parser_set_language(parser.get(), tree_sitter_c());
  return {cts().parser_parse_string(parser.get(), nullptr, content.data(), static_cast<uint32_t>(content.size())),
          cts().tree_delete};
}

bool has_suffix(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

void scan_c_file(const SourceFile& file, SourceScan& scan, const BuildFacts& build) {
  ++scan.files_scanned;
  auto tree = parse_c(file.content);
  if (!tree) return scan.problems.push_back({file.path, 0, "tree-sitter could not parse this file"});
  auto root = cts().tree_root_node(tree.get());
  bool is_c = has_suffix(file.path, ".c") || has_suffix(file.path, ".h");
  if (is_c && cts().node_has_error(root)) {
    scan.problems.push_back({file.path, 0, "parts of this file did not parse as C (macros or syntax errors); "
                                           "findings inside those parts are not reported"});
  }
  CFileChecker(file, scan).check(root);
  scan_cpp_bindings(file, scan, build);
}

void scan_cython_file(const SourceFile& file, SourceScan& scan, const BuildFacts& build) {
  ++scan.files_scanned;
  static const RE2 kDirective(R"((?m)^#\s*cython\s*:.*\bfreethreading_compatible\s*=\s*True)");
  bool declared = build.cython_freethreading_compatible || RE2::PartialMatch(file.content, kDirective);
  auto name = std::filesystem::path(file.path).stem().string();
  add_module(scan, file, name, "cython", 0, declared,
             "add '# cython: freethreading_compatible=True' at the top of the file, or set the directive for the "
             "whole build (Cython >= 3.1)");
}

void scan_rust_file(const SourceFile& file, SourceScan& scan) {
  ++scan.files_scanned;
  static const RE2 kModule(R"(((#\[\s*(?:pyo3::)?pymodule\s*(?:\(([^\]]*)\))?\s*\])\s*(?:pub\s+)?(?:fn|mod)\s+(\w+)))");
  re2::StringPiece input(file.content);
  re2::StringPiece whole, attribute, arguments, name;
  while (RE2::FindAndConsume(&input, kModule, &whole, &attribute, &arguments, &name)) {
    static const RE2 kGilUsedFalse(R"(\bgil_used\s*=\s*false\b)");
    bool declared = RE2::PartialMatch(arguments, kGilUsedFalse);
    add_module(scan, file, std::string(name), "pyo3", static_cast<size_t>(whole.data() - file.content.data()),
               declared, "write #[pymodule(gil_used = false)] (PyO3 >= 0.23)");
  }
}

void scan_build_file(const SourceFile& file, SourceScan& scan, BuildFacts& build) {
  static const RE2 kCythonDirective(R"(freethreading_compatible['"]?\s*[:=]\s*['"]?True)");
  static const RE2 kNanobindTarget(R"(nanobind_add_module\s*\(\s*(\w+)([^)]*)\))");
  static const RE2 kLimitedApiBuild(R"((py_limited_api\s*=\s*True|Py_LIMITED_API|limited_api\s*:\s*['"]?3))");
  if (RE2::PartialMatch(file.content, kCythonDirective)) build.cython_freethreading_compatible = true;
  re2::StringPiece input(file.content);
  re2::StringPiece target, arguments;
  while (RE2::FindAndConsume(&input, kNanobindTarget, &target, &arguments)) {
    build.nanobind_targets.emplace_back(target);
    if (arguments.find("FREE_THREADED") != re2::StringPiece::npos) build.nanobind_free_threaded.emplace_back(target);
  }
  re2::StringPiece limited;
  input = file.content;
  if (RE2::FindAndConsume(&input, kLimitedApiBuild, &limited)) {
    auto offset = static_cast<size_t>(limited.data() - file.content.data());
    add_finding(scan, file, "FTC005", offset, offset + limited.size(), {{"source", "the build's " + std::string(limited)}});
  }
}

SourceScan scan_extension_sources(const std::filesystem::path& root) {
  SourceScan scan;
  std::vector<std::filesystem::path> build_files, c_files, cython_files, rust_files;
  std::error_code ec;
  WalkVisitor visitor;
  visitor.file = [&](const WalkedFile& file) {
    if (!file.regular) return true;
    const auto& path = file.path;
    auto name = path.filename().string();
    auto extension = path.extension().string();
    if (name == "setup.py" || name == "setup.cfg" || name == "pyproject.toml" || name == "meson.build" ||
        name == "CMakeLists.txt" || extension == ".cmake") {
      build_files.push_back(path);
    } else if (extension == ".c" || extension == ".h" || extension == ".cpp" || extension == ".cc" ||
               extension == ".cxx" || extension == ".hpp" || extension == ".hh" || extension == ".hxx") {
      c_files.push_back(path);
    } else if (extension == ".pyx") {
      cython_files.push_back(path);
    } else if (extension == ".rs") {
      rust_files.push_back(path);
    }
    return true;
  };
  visitor.problem = [&](const std::filesystem::path& path, WalkProblem problem, const std::string& detail) {
    if (problem == WalkProblem::unreadable_directory) {
      scan.problems.push_back({display_path(path, root), 0, "cannot read the directory (" + detail + ")"});
    }
  };
  walk_directory(root, visitor);
  for (auto* list : {&build_files, &c_files, &cython_files, &rust_files}) std::sort(list->begin(), list->end());

  auto load = [&](const std::filesystem::path& path) -> std::optional<SourceFile> {
    constexpr std::uintmax_t kLimit = 4 * 1024 * 1024;
    auto shown = display_path(path, root);
    if (std::filesystem::file_size(path, ec) > kLimit) {
      scan.problems.push_back({shown, 0, "larger than 4 MB; skipped"});
      return std::nullopt;
    }
    std::string reason;
    auto content = read_text_file(path, reason);
    if (!content) {
      scan.problems.push_back({shown, 0, reason});
      return std::nullopt;
    }
    return SourceFile{shown, std::move(*content), ""};
  };
  BuildFacts build;
  for (const auto& path : build_files) {
    if (auto file = load(path)) scan_build_file(*file, scan, build);
  }
  for (const auto& path : c_files) {
    auto file = load(path);
    if (!file) continue;
    // Generated by Cython from a .pyx (checked there); or no Python C API at all.
    if (file->content.rfind("/* Generated by Cython", 0) == 0) continue;
    if (file->content.find("Py") == std::string::npos && file->content.find("PYBIND11_MODULE") == std::string::npos &&
        file->content.find("NB_MODULE") == std::string::npos) {
      continue;
    }
    scan_c_file(*file, scan, build);
  }
  for (const auto& path : cython_files) {
    if (auto file = load(path)) scan_cython_file(*file, scan, build);
  }
  for (const auto& path : rust_files) {
    auto file = load(path);
    if (file && file->content.find("pymodule") != std::string::npos) scan_rust_file(*file, scan);
  }
  std::stable_sort(scan.findings.begin(), scan.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.line, a.column) < std::tie(b.path, b.line, b.column);
  });
  return scan;
}

}  // namespace gilfree::scanners
