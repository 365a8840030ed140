#include "scanners/engine/facts.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "common/text_search.hpp"
#include "scanners/engine/access_model.hpp"
#include "scanners/engine/semantic_model.hpp"
#include <map>

namespace gilfree::scanners {
namespace {


const FunctionScope* function_of(const SemanticModel& model, TSNode node) {
  int index = model.function_at(ts_node_start_byte(node));
  return index < 0 ? nullptr : &model.functions()[static_cast<std::size_t>(index)];
}

bool locked_somewhere(const SemanticModel& model, const StateKey& key) {
  const auto& accesses = model.accesses_of(key);
  return std::any_of(accesses.begin(), accesses.end(), [](const Access* access) { return access->locked; });
}

bool thread_reachable_at(const SemanticModel& model, TSNode node) {
  for (int f = model.function_at(ts_node_start_byte(node)); f >= 0; f = model.functions()[static_cast<std::size_t>(f)].parent) {
    if (model.functions()[static_cast<std::size_t>(f)].thread_reachable) return true;
  }
  return false;
}

// Module globals and class attributes are shared by construction. An instance
// attribute counts as shared only with evidence that instances cross threads:
// the class owns a lock and this attribute is written (or, in one of its methods,
// read) under a lock somewhere (the lockset signal), or the code is reachable
// from a thread entry point.
bool shared_key(const SemanticModel& model, const StateKey& key, TSNode at) {
  if (key.empty()) return false;
  if (key.scope != StateKey::Scope::instance) return true;
  int owner = key.class_index;
  if (owner < 0) return false;
  const auto& scope = model.classes()[static_cast<std::size_t>(owner)];
  const auto& attribute = key.name;
  // A method of that name makes `self.x` a property: its setter decides where the value lives.
  bool property = std::any_of(scope.methods.begin(), scope.methods.end(), [&](int method) {
    return model.functions()[static_cast<std::size_t>(method)].name == attribute;
  });
  if (property) return false;
  if (scope.owns_lock && (locked_somewhere(model, key) || scope.locked_uses.count(attribute))) return true;
  if (scope.thread_subclass && !scope.owns_lock) return false;  // one thread per instance: its own state
  return model.is_shared_class(owner) && thread_reachable_at(model, at);
}

const std::set<std::string> kConstructors = {"__init__", "__new__", "__post_init__", "__init_subclass__",
                                             "__set_name__", "setUp", "setUpClass", "__setstate__"};

bool in_lock(const FactQuery& q) { return q.model.locked_at(ts_node_start_byte(q.match)); }
bool in_function(const FactQuery& q) { return q.model.function_at(ts_node_start_byte(q.match)) >= 0; }
bool in_loop(const FactQuery& q) { return q.model.in_loop(q.match); }
bool in_test_file(const FactQuery& q) { return q.model.is_test_file(); }
bool in_thread_reachable(const FactQuery& q) { return thread_reachable_at(q.model, q.match); }

// Whether some function enclosing the match (itself included) satisfies `test`.
template <typename Test>
bool enclosing_function(const FactQuery& q, Test&& test) {
  const auto& model = q.model;
  for (int f = model.function_at(ts_node_start_byte(q.match)); f >= 0; f = model.functions()[static_cast<std::size_t>(f)].parent) {
    if (test(model.functions()[static_cast<std::size_t>(f)], f)) return true;
  }
  return false;
}

// Command-line entry points run before any thread starts; at-fork handlers
// run in the child, where only the forking thread exists; functions called
// only from module level run at import, under the import lock.
bool in_single_threaded(const FactQuery& q) {
  static const std::set<std::string> mains = {"main", "_main", "_test", "test", "cli"};
  // A function that sets sys.argv bootstraps a process (a spawned child's prepare()): no other thread yet.
  static const RE2 sets_argv(R"(\bsys\.argv\s*=[^=])");
  return enclosing_function(q, [&](const FunctionScope& scope, int f) {
    if (mains.count(scope.name) || scope.name.find("fork") != std::string::npos || q.model.import_time_only(f)) return true;
    auto text = q.model.tree().node_text(scope.node);
    // The plain search first: the regex would read every top-level function whole, at each candidate.
    return scope.parent < 0 && contains_text(text, "sys.argv") &&
           RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), sets_argv);
  });
}

bool in_nested_function(const FactQuery& q) {
  int function = q.model.function_at(ts_node_start_byte(q.match));
  return function >= 0 && q.model.functions()[static_cast<std::size_t>(function)].parent >= 0;
}

bool in_constructor(const FactQuery& q) {
  return enclosing_function(q, [](const FunctionScope& scope, int) { return kConstructors.count(scope.name) > 0; });
}

bool in_shared_class(const FactQuery& q) {
  return q.model.is_shared_class(q.model.class_of_function(q.model.function_at(ts_node_start_byte(q.match))));
}

bool in_memoized(const FactQuery& q) {
  return enclosing_function(q, [](const FunctionScope& scope, int) { return scope.memoized; });
}

bool in_context_manager(const FactQuery& q) {
  return enclosing_function(q, [](const FunctionScope& scope, int) { return scope.context_manager; });
}

bool in_thread_aware_file(const FactQuery& q) { return q.model.is_thread_aware(); }

// `__main__.py`: a program's own entry point, which owns process-wide state.
bool in_program_file(const FactQuery& q) {
  const auto& path = q.model.path();
  return path == "__main__.py" || (path.size() > 12 && path.compare(path.size() - 12, 12, "/__main__.py") == 0);
}

// Tk GUI code runs on the one thread of the Tk main loop.
bool in_gui_file(const FactQuery& q) { return q.model.is_gui_file(); }

// Pure-Python fallback code: a module-level `except ImportError:` handler (the
// C version normally wins) or a `_py*.py` module kept beside a C accelerator.
bool in_fallback(const FactQuery& q) {
  const auto& path = q.model.path();
  auto slash = path.rfind('/');
  auto base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.rfind("_py", 0) == 0 && base != "_pyrepl") return true;
  for (TSNode up = safe_parent(q.match); !ts_node_is_null(up); up = safe_parent(up)) {
    auto type = node_type(up);
    if (type == "function_definition" || type == "class_definition") continue;
    if (type == "except_clause" && q.model.tree().node_text(safe_named_child(up, 0)).find("ImportError") != std::string_view::npos) {
      return q.model.function_at(ts_node_start_byte(up)) < 0;
    }
  }
  return false;
}

// A class named for the process-wide state it changes (`class chdir:`): the
// change is its documented purpose, not a side effect.
bool in_class_named_for_change(const FactQuery& q) {
  int owner = q.model.class_of_function(q.model.function_at(ts_node_start_byte(q.match)));
  if (owner < 0) return false;
  std::string name = q.model.classes()[static_cast<std::size_t>(owner)].name;
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* state : {"chdir", "cwd", "environ", "recursionlimit", "locale", "umask", "warnings"}) {
    if (name.find(state) != std::string::npos) return true;
  }
  return false;
}

// The comment and the comment lines right around it speak of one list or dict
// operation (append, pop, setdefault): those stay atomic without the GIL.
bool about_one_container_operation(const FactQuery& q, const std::string&) {
  static const RE2 operation(R"((?i)\b(append(ing|ed|s)?|pop(ping|ped|s|left)?|appendleft|retriev(e|es|ing)|setdefault)\b)");
  const auto& tree = q.model.tree();
  auto text = tree.text();
  auto line_start = [&](std::size_t at) { return text.rfind('\n', at == 0 ? 0 : at - 1) == std::string_view::npos ? 0 : text.rfind('\n', at - 1) + 1; };
  auto is_comment_line = [&](std::size_t start) {
    auto first = text.find_first_not_of(" \t", start);
    return first != std::string_view::npos && text[first] == '#';
  };
  std::size_t begin = line_start(ts_node_start_byte(q.argument_node));
  for (int i = 0; i < 8 && begin > 0; ++i) {
    auto previous = line_start(begin - 1);
    if (!is_comment_line(previous)) break;
    begin = previous;
  }
  std::size_t end = ts_node_end_byte(q.argument_node);
  for (int i = 0; i < 8 && end < text.size(); ++i) {
    auto next = text.find('\n', end + 1);
    if (next == std::string_view::npos || !is_comment_line(end + 1)) break;
    end = next;
  }
  auto block = text.substr(begin, end - begin);
  return RE2::PartialMatch(re2::StringPiece(block.data(), block.size()), operation);
}

bool after_shutdown_flag(const FactQuery& q, const std::string&) {
  const auto& accesses = q.model.access_model();
  for (const auto* access : accesses.accesses_at(ts_node_start_byte(q.argument_node))) {
    if (access->op == AccessOp::iterate && accesses.after_shutdown_flag(*access)) return true;
  }
  return false;
}
bool in_event_loop_file(const FactQuery& q) {
  return q.model.is_event_loop_file() && !thread_reachable_at(q.model, q.match);
}

// A test class (or test module) that never meets a thread: nothing in the file
// starts one, so its shared-looking state is used by one test at a time.
bool in_single_threaded_test(const FactQuery& q) {
  if (!q.model.is_test_file()) return false;
  return std::none_of(q.model.functions().begin(), q.model.functions().end(),
                      [](const FunctionScope& scope) { return scope.thread_entry; });
}

bool has_key_access(const SemanticModel& model, const StateKey& key, bool (*accept)(const Access&, ValueKind)) {
  auto kind = model.kind_of_key(key);
  const auto& accesses = model.accesses_of(key);
  return std::any_of(accesses.begin(), accesses.end(), [&](const Access* access) { return accept(*access, kind); });
}

bool is_mutation(AccessKind kind) {
  return kind == AccessKind::grow || kind == AccessKind::shrink || kind == AccessKind::mutate;
}



// The key a module-level or class-body binding defines.
StateKey binding_key(const SemanticModel& model, TSNode name) {
  auto byte = ts_node_start_byte(name);
  if (model.function_at(byte) >= 0) return {};
  int owner = -1;
  for (std::size_t i = 0; i < model.classes().size(); ++i) {
    const auto& scope = model.classes()[i];
    if (scope.start <= byte && byte < scope.end && scope.function < 0) owner = static_cast<int>(i);
  }
  std::string text(model.tree().node_text(name));
  return owner < 0 ? StateKey::global(text) : StateKey::of_class(owner, text);
}

// Mutations of a module- or class-level container from inside functions
// (class attributes also count when mutated through an instance that never shadows them).
bool container_mutated(const SemanticModel& model, TSNode name, bool thread_only) {
  auto key = binding_key(model, name);
  if (key.empty() || !is_container(model.kind_of_key(key))) return false;
  StateKey instance_key;
  int owner = key.is_attribute() ? key.class_index : -1;
  std::string attribute(model.tree().node_text(name));
  if (owner >= 0 && !model.classes()[static_cast<std::size_t>(owner)].instance_assigned.count(attribute)) {
    instance_key = StateKey::instance(owner, attribute);
  }
  auto mutated = [&](const StateKey& which) {
    const auto& accesses = model.accesses_of(which);
    return std::any_of(accesses.begin(), accesses.end(), [&](const Access* access) {
      if (!is_mutation(access->kind) || access->function < 0) return false;
      return !thread_only || model.functions()[static_cast<std::size_t>(access->function)].thread_reachable;
    });
  };
  return mutated(key) || (!instance_key.empty() && mutated(instance_key));
}

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `needle` occurs in [from, to) of the text outside any function
// nested in `function` (a release in a callback or another thread's target
// hands the lock over: it is not this function releasing what it took).
bool occurs_in_function_itself(const SemanticModel& model, int function, std::string_view needle, std::uint32_t from,
                               std::uint32_t to) {
  auto text = model.tree().text();
  for (auto at = text.find(needle, from); at != std::string_view::npos && at + needle.size() <= to;
       at = text.find(needle, at + 1)) {
    if (at > 0 && (is_name_char(text[at - 1]) || text[at - 1] == '.')) continue;
    if (model.function_at(static_cast<std::uint32_t>(at)) == function) return true;
  }
  return false;
}

// A lock created in this function (`name = threading.Lock()`, not fetched
// from shared state) that never leaves it: every use of the name there binds
// it (`name = ...`) or calls a method on it (`name.m(...)`), and no nested
// function names it. Nothing else can wait on such a lock, so leaving it held
// on an exception blocks no one.
bool lock_kept_in_function(const SemanticModel& model, int function, std::string_view name) {
  const auto& scope = model.functions()[static_cast<std::size_t>(function)];
  std::string key(name);
  auto kind = scope.local_kinds.find(key);
  bool created_here = kind != scope.local_kinds.end() && (kind->second == ValueKind::lock || kind->second == ValueKind::semaphore);
  if (!created_here || scope.globals.count(key) || scope.nonlocals.count(key)) return false;
  const auto& tree = model.tree();
  auto text = tree.text();
  for (auto at = text.find(name, scope.start); at != std::string_view::npos && at < scope.end;
       at = text.find(name, at + 1)) {
    auto from = static_cast<std::uint32_t>(at), to = static_cast<std::uint32_t>(at + name.size());
    TSNode use = ts_node_descendant_for_byte_range(tree.root(), from, to);
    if (node_type(use) != "identifier" || ts_node_start_byte(use) != from || ts_node_end_byte(use) != to) {
      continue;  // in a comment, a string or a longer name
    }
    if (model.function_at(from) != function) return false;  // a closure shares it
    TSNode parent = safe_parent(use);
    bool binds = node_type(parent) == "assignment" && ts_node_eq(node_field(parent, "left"), use);
    bool method_call = node_type(parent) == "attribute" && ts_node_eq(node_field(parent, "object"), use) &&
                       node_type(safe_parent(parent)) == "call" && ts_node_eq(node_field(safe_parent(parent), "function"), parent);
    bool attribute_name = node_type(parent) == "attribute" && ts_node_eq(node_field(parent, "attribute"), use);
    if (!binds && !method_call && !attribute_name) return false;  // passed, stored, returned: it escapes
  }
  return true;
}

bool released_without_finally(const FactQuery& q) {
  const auto& model = q.model;
  const auto& tree = model.tree();
  auto lock = tree.node_text(q.argument_node);
  std::string release = std::string(lock) + ".release(";
  int function = model.function_at(ts_node_start_byte(q.match));
  if (function < 0) return false;
  const auto* scope = &model.functions()[static_cast<std::size_t>(function)];
  TSNode statement = q.match;
  while (!ts_node_is_null(statement) && node_type(statement) != "expression_statement") statement = safe_parent(statement);
  if (ts_node_is_null(statement)) return false;
  auto after = safe_end_byte(statement);
  // Released only on the error path (`except: lock.release(); raise`): held on
  // return on purpose, a hand-off to whoever releases it next.
  {
    auto text = tree.text();
    bool any = false, only_in_except = true;
    for (auto at = text.find(release, after); at != std::string_view::npos && at < scope->end; at = text.find(release, at + 1)) {
      any = true;
      TSNode node = ts_node_descendant_for_byte_range(tree.root(), static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at));
      bool in_except = false;
      for (TSNode up = node; !ts_node_is_null(up) && ts_node_start_byte(up) >= scope->start; up = safe_parent(up)) {
        if (node_type(up) == "except_clause") in_except = true;
        if (node_type(up) == "function_definition") break;
      }
      only_in_except = only_in_except && in_except;
    }
    if (any && only_in_except) return false;
  }
  // Held across calls on purpose (released in another method), or handed to a callback that releases it.
  if (!occurs_in_function_itself(model, function, release, after, scope->end)) return false;
  if (node_type(q.argument_node) == "identifier" && lock_kept_in_function(model, function, lock)) return false;
  auto finally_releases = [&](TSNode try_statement) {
    for (std::uint32_t i = 0; i < safe_named_child_count(try_statement); ++i) {
      TSNode clause = safe_named_child(try_statement, i);
      if (node_type(clause) == "finally_clause" && contains_text(tree.node_text(clause), release)) return true;
    }
    return false;
  };
  TSNode next = safe_next_named_sibling(statement);
  while (node_type(next) == "comment") next = safe_next_named_sibling(next);
  if (ts_node_is_null(next)) return false;  // nothing runs between acquire() and the release in this block
  if (node_type(next) == "try_statement" && finally_releases(next)) return false;
  if (node_type(next) == "expression_statement" && contains_text(tree.node_text(next), release)) return false;
  for (TSNode up = safe_parent(statement); !ts_node_is_null(up); up = safe_parent(up)) {
    auto type = node_type(up);
    if (type == "function_definition" || type == "lambda") break;
    if (type == "try_statement" && finally_releases(up)) return false;
  }
  return true;
}

bool iterator_variable(const FactQuery& q) {
  const auto& model = q.model;
  std::string name(model.tree().node_text(q.argument_node));
  for (int f = model.function_at(ts_node_start_byte(q.argument_node)); f >= 0;
       f = model.functions()[static_cast<std::size_t>(f)].parent) {
    const auto& scope = model.functions()[static_cast<std::size_t>(f)];
    auto it = scope.local_values.find(name);
    if (it == scope.local_values.end()) {
      if (scope.bound.count(name)) return false;
      continue;
    }
    TSNode value = it->second;
    if (node_type(value) == "generator_expression") return true;
    if (node_type(value) != "call") return false;
    auto callee = model.tree().node_text(node_field(value, "function"));
    if (callee == "iter") return true;
    return std::any_of(model.functions().begin(), model.functions().end(),
                       [&](const FunctionScope& g) { return g.name == callee && g.has_yield; });
  }
  return false;
}

bool mutated_parameter(const FactQuery& q) {
  const auto& tree = q.model.tree();
  auto name = tree.node_text(q.argument_node);
  TSNode function = q.argument_node;
  while (!ts_node_is_null(function) && node_type(function) != "function_definition") function = safe_parent(function);
  if (ts_node_is_null(function)) return false;
  static const std::set<std::string_view> mutators = {"append", "extend", "insert", "add", "update", "setdefault",
                                                      "remove", "pop", "popitem", "clear", "discard", "sort"};
  bool mutated = false, rebound = false;
  walk_tree(node_field(function, "body"), [&](TSNode node) {
    auto type = node_type(node);
    if (type == "function_definition" || type == "class_definition" || type == "lambda") return false;
    if (type == "call") {
      TSNode callee = node_field(node, "function");
      if (node_type(callee) == "attribute" && tree.node_text(node_field(callee, "object")) == name &&
          mutators.count(tree.node_text(node_field(callee, "attribute")))) {
        mutated = true;
      }
    } else if (type == "assignment" || type == "augmented_assignment" || type == "delete_statement") {
      TSNode left = type == "delete_statement" ? safe_named_child(node, 0) : node_field(node, "left");
      if (tree.node_text(left) == name) {
        if (type == "augmented_assignment") mutated = true;
        else rebound = true;
      } else if (node_type(left) == "subscript" && tree.node_text(node_field(left, "value")) == name) {
        mutated = true;
      }
    }
    return true;
  });
  return mutated && !rebound;
}

// After the statement assigning `target`, a later statement of the same block fills it.
bool filled_afterwards(const FactQuery& q) {
  const auto& tree = q.model.tree();
  auto target = tree.node_text(q.argument_node);
  static const std::set<std::string_view> fillers = {"append", "extend", "insert", "add", "update", "setdefault",
                                                     "__setitem__", "appendleft", "extendleft"};
  TSNode statement = q.argument_node;
  while (!ts_node_is_null(statement) && node_type(statement) != "expression_statement") statement = safe_parent(statement);
  bool filled = false;
  for (TSNode next = safe_next_named_sibling(statement); !ts_node_is_null(next) && !filled;
       next = safe_next_named_sibling(next)) {
    walk_tree(next, [&](TSNode node) {
      auto type = node_type(node);
      if (filled || type == "function_definition" || type == "class_definition" || type == "lambda") return false;
      if (type == "assignment") {
        TSNode left = node_field(node, "left");
        if (node_type(left) == "subscript" && tree.node_text(node_field(left, "value")) == target) filled = true;
      } else if (type == "call") {
        TSNode callee = node_field(node, "function");
        if (node_type(callee) == "attribute" && tree.node_text(node_field(callee, "object")) == target &&
            fillers.count(tree.node_text(node_field(callee, "attribute")))) {
          filled = true;
        }
      }
      return !filled;
    });
  }
  return filled;
}

bool mutable_class_attribute(const FactQuery& q) {
  const auto& model = q.model;
  int owner = model.class_of_function(model.function_at(ts_node_start_byte(q.argument_node)));
  if (owner < 0) return false;
  const auto& scope = model.classes()[static_cast<std::size_t>(owner)];
  std::string name(model.tree().node_text(q.argument_node));
  auto it = scope.class_attrs.find(name);
  if (it == scope.class_attrs.end() || !is_container(it->second) || scope.instance_assigned.count(name)) return false;
  // Used as `ClassName.x` or `cls.x` too: a class-level registry on purpose.
  auto text = model.tree().text();
  return !contains_text(text, scope.name + "." + name) && !contains_text(text, "cls." + name);
}

bool self_parameter(const FactQuery& q) {
  const auto* scope = function_of(q.model, q.argument_node);
  return scope && scope->class_index >= 0 && !scope->is_static && !scope->is_classmethod &&
         q.model.tree().node_text(q.argument_node) == scope->first_param;
}

bool lock_statement(const FactQuery& q) {
  TSNode clause = safe_named_child(q.argument_node, 0);
  for (std::uint32_t i = 0; i < safe_named_child_count(clause); ++i) {
    TSNode value = node_field(safe_named_child(clause, i), "value");
    if (node_type(value) == "as_pattern") value = safe_named_child(value, 0);
    if (q.model.is_lock_expression(value, true)) return true;
  }
  return false;
}

// Relation facts: the access at the capture takes part in the access model's relation.
template <bool (AccessModel::*relation)(const ModelAccess&, RelationHit&) const>
bool access_relation(const FactQuery& q, const std::string&) {
  const auto& accesses = q.model.access_model();
  for (const auto* access : accesses.accesses_at(ts_node_start_byte(q.argument_node))) {
    RelationHit hit;
    if ((accesses.*relation)(*access, hit)) {
      if (q.related) *q.related = hit.related;
      return true;
    }
  }
  return false;
}

// `if self.busy: return` (or raise) earlier in the function, before the
// flag at the capture is set: a guard that turns away a second caller, which
// under threads is any other thread calling at the same time.
bool guard_refuses_entry(const FactQuery& q, const std::string&) {
  const auto& accesses = q.model.access_model();
  for (const auto* set : accesses.accesses_at(ts_node_start_byte(q.argument_node))) {
    for (const auto& check : accesses.accesses()) {
      if (check.location != set->location || check.function != set->function || check.op != AccessOp::check ||
          check.order >= set->order) {
        continue;
      }
      TSNode statement = safe_parent(check.node);
      if (node_type(statement) != "if_statement" || !ts_node_eq(node_field(statement, "condition"), check.node)) continue;
      TSNode consequence = node_field(statement, "consequence");
      auto count = safe_named_child_count(consequence);
      auto last = count ? node_type(safe_named_child(consequence, count - 1)) : std::string_view{};
      if (last == "return_statement" || last == "raise_statement") return true;
    }
  }
  return false;
}

bool published_then_mutated(const FactQuery& q, const std::string&) {
  RelationHit hit;
  if (!q.model.access_model().mutated_after_publish(ts_node_start_byte(q.argument_node), hit)) return false;
  if (q.related) *q.related = hit.related;
  return true;
}

bool shared_location(const FactQuery& q, const std::string&) {
  const auto& accesses = q.model.access_model();
  auto found = accesses.accesses_at(ts_node_start_byte(q.argument_node));
  return std::any_of(found.begin(), found.end(), [&](const ModelAccess* a) { return accesses.is_shared(a->location); });
}

// `d[k] = value` where the value is not a new object with an identity of its
// own (a class instance, a fresh container, a function): a cache of computed
// values, where two threads racing only compute the same thing twice.
bool cache_fill(const FactQuery& q, const std::string&) {
  TSNode subscript = safe_parent(q.argument_node);
  TSNode assignment = safe_parent(subscript);
  if (node_type(subscript) != "subscript" || node_type(assignment) != "assignment") return false;
  if (!ts_node_eq(node_field(assignment, "left"), subscript)) return false;
  TSNode value = node_field(assignment, "right");
  while (node_type(value) == "assignment") value = node_field(value, "right");
  auto type = node_type(value);
  // A fresh container or function has an identity of its own; a comprehension is computed content.
  if (type == "list" || type == "dictionary" || type == "set" || type == "lambda") return false;
  // `registry[key] = code` with `code` the caller's argument: a registration, not a computed value.
  if (type == "identifier" && q.model.is_parameter(value)) return false;
  if (type == "tuple") {
    for (std::uint32_t i = 0; i < safe_named_child_count(value); ++i) {
      if (q.model.is_parameter(safe_named_child(value, i))) return false;
    }
  }
  if (type == "call") {
    auto callee = last_name_component(q.model.tree().node_text(node_field(value, "function")));
    if (!callee.empty() && std::isupper(static_cast<unsigned char>(callee[0]))) return false;
  }
  return true;
}

// In __init__, a thread that can see `self` starts before an attribute that
// other code reads is assigned (AccessModel::thread_started_early).
bool thread_started_early(const FactQuery& q, const std::string&) {
  TSNode late{};
  if (!q.model.access_model().thread_started_early(q.argument_node, late)) return false;
  if (q.related) *q.related = late;
  return true;
}

bool inside_fact(const FactQuery& q, const std::string& context) {
  for (const auto& info : known_contexts()) {
    if (context == info.name) return info.holds(q);
  }
  return false;
}

bool has_capture(const FactQuery& q, const std::string&) { return !ts_node_is_null(q.argument_node); }

bool declared_global(const FactQuery& q, const std::string&) {
  const auto* scope = function_of(q.model, q.argument_node);
  return scope && scope->globals.count(std::string(q.model.tree().node_text(q.argument_node)));
}

bool module_global(const FactQuery& q, const std::string&) {
  auto key = q.model.key_of(q.argument_node);
  return q.model.function_at(ts_node_start_byte(q.argument_node)) >= 0 && key.is_global();
}

bool shared_container(const FactQuery& q, const std::string&) {
  auto key = q.model.key_of(q.argument_node);
  return shared_key(q.model, key, q.match) && is_container(q.model.kind_of_key(key));
}

bool shared_attribute(const FactQuery& q, const std::string&) {
  auto key = q.model.key_of(q.argument_node);
  return key.is_attribute() && shared_key(q.model, key, q.match);
}

// An instance's attribute (`self.x`, not `cls.x` or `Class.x`, which every
// thread shares by construction) in a file that shows no sign of threads.
bool unaware_instance_state(const FactQuery& q, const std::string&) {
  return q.model.key_of(q.argument_node).scope == StateKey::Scope::instance && !q.model.is_thread_aware();
}

// `gen()` where the file defines a generator function named `gen`: the call makes a generator object.
bool generator_call(const FactQuery& q, const std::string&) {
  auto name = q.model.tree().node_text(q.argument_node);
  const auto& functions = q.model.functions();
  return std::any_of(functions.begin(), functions.end(),
                     [&](const FunctionScope& scope) { return scope.has_yield && scope.name == name; });
}

bool mutated_elsewhere(const FactQuery& q, const std::string&) {
  return has_key_access(q.model, q.model.key_of(q.argument_node), [](const Access& access, ValueKind kind) {
    if (access.function < 0) return false;
    if (kind == ValueKind::list) return access.kind == AccessKind::shrink;
    return access.kind == AccessKind::grow || access.kind == AccessKind::shrink;
  });
}

bool locked_elsewhere(const FactQuery& q, const std::string&) {
  return has_key_access(q.model, q.model.key_of(q.argument_node), [](const Access& access, ValueKind) { return access.locked; });
}

bool lock_expression(const FactQuery& q, const std::string&) { return q.model.is_lock_expression(q.argument_node, false); }

template <bool (*fact)(const FactQuery&)>
bool plain(const FactQuery& q, const std::string&) {
  return fact(q);
}

bool mutated_from_function(const FactQuery& q, const std::string&) { return container_mutated(q.model, q.argument_node, false); }
bool mutated_from_thread(const FactQuery& q, const std::string&) { return container_mutated(q.model, q.argument_node, true); }

}  // namespace

const std::vector<FactInfo>& known_facts() {
  static const std::vector<FactInfo> facts = {
      {"inside", FactArgument::context, "the match is inside the context (see contexts)", inside_fact},
      {"has-capture", FactArgument::capture, "the capture is present in this match (one branch of an alternation)", has_capture},
      {"declared-global", FactArgument::capture, "the name is declared `global` in the enclosing function", declared_global},
      {"module-global", FactArgument::capture, "the name refers to a module global from inside a function", module_global},
      {"shared-container", FactArgument::capture,
       "a dict/list/set that is a module global, a class attribute, or a shared instance attribute (as for shared-attribute)",
       shared_container},
      {"shared-attribute", FactArgument::capture,
       "`cls.x` or `ClassName.x`, or `self.x` of a class that owns a lock and reads or writes x under it somewhere (or in code reachable from a thread)",
       shared_attribute},
      {"unaware-instance-state", FactArgument::capture,
       "the capture is an instance's attribute (`self.x`; not `cls.x` or `ClassName.x`, which every thread shares by "
       "construction) in a file that does not import threading, hold a lock or start a thread",
       unaware_instance_state},
      {"generator-function", FactArgument::capture,
       "the name is that of a generator function defined in the file (a `def` that yields)", generator_call},
      {"mutated-elsewhere", FactArgument::capture,
       "the shared container changes size in some function (dict/set: any insert or removal; list: removals)", mutated_elsewhere},
      {"locked-elsewhere", FactArgument::capture, "the same global or attribute is written under a lock somewhere in the file",
       locked_elsewhere},
      {"lock-statement", FactArgument::capture, "the `with` statement holds a lock", plain<lock_statement>},
      {"lock-expression", FactArgument::capture, "the expression is a Lock/RLock/Condition (by binding or by name)", lock_expression},
      {"released-without-finally", FactArgument::capture,
       "the same function (not a function nested in it) releases the lock later, but not in a `finally` that covers "
       "the code after acquire(); a lock created in the function that never leaves it does not count",
       plain<released_without_finally>},
      {"iterator-variable", FactArgument::capture,
       "the local is bound to an iterator: a generator expression, iter(), or a call of a generator function",
       plain<iterator_variable>},
      {"filled-afterwards", FactArgument::capture,
       "a later statement of the same block fills the container (item assignment, append, update, ...)", plain<filled_afterwards>},
      {"mutable-class-attribute", FactArgument::capture,
       "the name is a class attribute holding a dict/list/set that no instance shadows (`self.x = ...`)",
       plain<mutable_class_attribute>},
      {"self-parameter", FactArgument::capture, "the name is the instance parameter of the enclosing method", plain<self_parameter>},
      {"mutated-parameter", FactArgument::capture, "the parameter is mutated in the function body and never rebound",
       plain<mutated_parameter>},
      {"mutated-from-function", FactArgument::capture, "the module- or class-level container is mutated from inside some function",
       mutated_from_function},
      {"mutated-from-thread", FactArgument::capture,
       "the module- or class-level container is mutated from a function reachable from a thread entry point", mutated_from_thread},
      // Relations of the access model (scanners/engine/access_model.hpp).
      {"shared-location", FactArgument::capture,
       "access model: the location is shared: a module global or class attribute (not a threading.local), or an "
       "attribute of an instance whose class owns a lock, runs in threads, or accesses it under a lock",
       shared_location},
      {"check-then-act", FactArgument::capture,
       "access model: this change of a shared location (item store or delete, insert, removal) is guarded by a check of "
       "the same location earlier in the function (`in`, `len`, `.get()` and its result, truthiness, `is None`, a lookup "
       "in a `try` that catches KeyError, an early return), and no one lock region covers both",
       access_relation<&AccessModel::check_then_act>},
      {"lock-inconsistent", FactArgument::capture,
       "access model: this mutation or iteration does not hold the lock that the location's other accesses hold most "
       "often (unlocked, or under a different lock): the RacerD signal",
       access_relation<&AccessModel::inconsistent_lock>},
      {"mutated-while-thread-iterates", FactArgument::capture,
       "access model: this unlocked mutation changes a container that a function reachable from a thread entry point "
       "iterates without a lock",
       access_relation<&AccessModel::mutated_while_thread_iterates>},
      {"split-lock-update", FactArgument::capture,
       "access model: the location is written under a lock with a value computed from a read of it under an earlier, "
       "separate hold of the same lock",
       access_relation<&AccessModel::split_lock_update>},
      {"unlocked-advance", FactArgument::capture,
       "access model: `next()` on a shared iterator (a module global or class attribute, or an instance attribute of "
       "shared or thread-run code) without a lock",
       access_relation<&AccessModel::unlocked_advance>},
      {"thread-started-early", FactArgument::capture,
       "in `__init__`, the call starts a thread that can see `self` (a Thread subclass given self, "
       "`Thread(target=self.m).start()`, `self.start()`), and an attribute that other code reads is assigned after it",
       thread_started_early},
      {"about-one-container-operation", FactArgument::capture,
       "the comment (with the comment lines around it) speaks of one list or dict operation: append, pop, setdefault",
       about_one_container_operation},
      {"after-shutdown-flag", FactArgument::capture,
       "access model: this iteration follows, in the same function, the setting under a lock of a flag that every "
       "locked change of the container checks first (a shutdown protocol: the container no longer changes)",
       after_shutdown_flag},
      {"cache-fill", FactArgument::capture,
       "`d[k] = value` where the value is not a new object of its own (a class instance, a fresh container, a "
       "function): a cache of computed values, where a race only computes the same value twice",
       cache_fill},
      {"guard-refuses-entry", FactArgument::capture,
       "the flag at the capture is checked earlier in the function by an `if` that returns or raises: a guard that "
       "turns a second caller away (with threads, any concurrent caller)",
       guard_refuses_entry},
      {"published-then-mutated", FactArgument::capture,
       "access model: the local container was stored into shared state earlier in the function (or in an earlier "
       "iteration of the loop, with no fresh copy made in the loop), so this change is seen by other threads",
       published_then_mutated},
  };
  return facts;
}

const std::vector<ContextInfo>& known_contexts() {
  static const std::vector<ContextInfo> contexts = {
      {"lock", "a `with` block on a lock, code between acquire() and release(), or a helper only called with a lock held", in_lock},
      {"function", "any function or method body", in_function},
      {"loop", "a for/while loop or a comprehension in the same function", in_loop},
      {"constructor", "`__init__`, `__new__`, `__post_init__`, `setUp` and the like (and functions nested in them)", in_constructor},
      {"test-file", "a file under tests/ or named test_*.py, *_test.py, conftest.py", in_test_file},
      {"thread-reachable", "a function reachable from a thread entry point through the file's call graph", in_thread_reachable},
      {"shared-class", "a method of a class that owns a lock or runs in threads", in_shared_class},
      {"single-threaded", "main()/cli()-style entry points, at-fork handlers, functions called only at import time, and process bootstrap functions (they set sys.argv)",
       in_single_threaded},
      {"nested-function", "a function defined inside another function", in_nested_function},
      {"memoized", "a function whose result is kept: @cached_property, @lru_cache, @cache, memoized or `_memoized_attr_x`",
       in_memoized},
      {"context-manager", "`__enter__`/`__exit__` (and the async pair) or a @contextmanager generator", in_context_manager},
      {"single-threaded-test", "a test file in which nothing starts a thread", in_single_threaded_test},
      {"fallback", "pure-Python fallback code: under a module-level `except ImportError:`, or a `_py*.py` module",
       in_fallback},
      {"class-named-for-the-change", "a method of a class named for the process-wide state it changes (`class chdir:`)",
       in_class_named_for_change},
      {"program-file", "a `__main__.py`: a program's entry point, which owns the process's state", in_program_file},
      {"gui-file", "a user-interface file (imports tkinter, turtle, idlelib or curses, or is in _pyrepl/): its event loop runs on one thread", in_gui_file},
      {"thread-aware-file", "a file that imports threading, _thread, concurrent, queue or multiprocessing, holds a lock or starts a thread",
       in_thread_aware_file},
      {"event-loop-file", "asyncio code (the file is under asyncio/ or imports asyncio), outside functions run by threads",
       in_event_loop_file},
  };
  return contexts;
}

const FactInfo* find_fact(const std::string& name) {
  for (const auto& fact : known_facts()) {
    if (name == fact.name) return &fact;
  }
  return nullptr;
}

bool evaluate_fact(const Condition& condition, const FactQuery& q) {
  const FactInfo* fact = condition.info != nullptr ? condition.info : find_fact(condition.fact);
  bool holds = false;
  if (fact != nullptr && (fact->argument != FactArgument::capture || !ts_node_is_null(q.argument_node) ||
                          condition.fact == "has-capture")) {
    holds = fact->holds(q, condition.argument);
  }
  return holds != condition.negated;
}

}  // namespace gilfree::scanners
