#include "scanners/facts.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "scanners/semantic_model.hpp"

namespace gilfree::scanners {
namespace {


const FunctionScope* function_of(const SemanticModel& model, TSNode node) {
  int index = model.function_at(ts_node_start_byte(node));
  return index < 0 ? nullptr : &model.functions()[static_cast<std::size_t>(index)];
}

bool locked_somewhere(const SemanticModel& model, const std::string& key) {
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
bool shared_key(const SemanticModel& model, const std::string& key, TSNode at) {
  if (key.empty()) return false;
  if (key[0] != 'a') return true;
  int owner = model.class_by_key(key);
  if (owner < 0) return false;
  const auto& scope = model.classes()[static_cast<std::size_t>(owner)];
  auto attribute = key.substr(key.rfind(':') + 1);
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

bool inside(const std::string& context, const FactQuery& q) {
  const auto& model = q.model;
  auto byte = ts_node_start_byte(q.match);
  int function = model.function_at(byte);
  if (context == "lock") return model.locked_at(byte);
  if (context == "function") return function >= 0;
  if (context == "loop") return model.in_loop(q.match);
  if (context == "test-file") return model.is_test_file();
  if (context == "thread-reachable") return thread_reachable_at(model, q.match);
  if (context == "single-threaded") {
    // Command-line entry points run before any thread starts; at-fork handlers
    // run in the child, where only the forking thread exists.
    static const std::set<std::string> mains = {"main", "_main", "_test", "test", "cli"};
    for (int f = function; f >= 0; f = model.functions()[static_cast<std::size_t>(f)].parent) {
      const auto& name = model.functions()[static_cast<std::size_t>(f)].name;
      if (mains.count(name) || name.find("fork") != std::string::npos) return true;
    }
    return false;
  }
  if (context == "nested-function") {
    return function >= 0 && model.functions()[static_cast<std::size_t>(function)].parent >= 0;
  }
  if (context == "constructor") {
    for (int f = function; f >= 0; f = model.functions()[static_cast<std::size_t>(f)].parent) {
      if (kConstructors.count(model.functions()[static_cast<std::size_t>(f)].name)) return true;
    }
    return false;
  }
  if (context == "shared-class") return model.is_shared_class(model.class_of_function(function));
  return false;
}

bool has_key_access(const SemanticModel& model, const std::string& key, bool (*accept)(const Access&, ValueKind)) {
  auto kind = model.kind_of_key(key);
  const auto& accesses = model.accesses_of(key);
  return std::any_of(accesses.begin(), accesses.end(), [&](const Access* access) { return accept(*access, kind); });
}

bool is_mutation(AccessKind kind) {
  return kind == AccessKind::grow || kind == AccessKind::shrink || kind == AccessKind::mutate;
}



// The key a module-level or class-body binding defines ("g:x", "c:3:x").
std::string binding_key(const SemanticModel& model, TSNode name) {
  auto byte = ts_node_start_byte(name);
  if (model.function_at(byte) >= 0) return {};
  int owner = -1;
  for (std::size_t i = 0; i < model.classes().size(); ++i) {
    const auto& scope = model.classes()[i];
    if (scope.start <= byte && byte < scope.end && scope.function < 0) owner = static_cast<int>(i);
  }
  std::string text(model.tree().node_text(name));
  return owner < 0 ? "g:" + text : "c:" + std::to_string(owner) + ":" + text;
}

// Mutations of a module- or class-level container from inside functions
// (class attributes also count when mutated through an instance that never shadows them).
bool container_mutated(const SemanticModel& model, TSNode name, bool thread_only) {
  auto key = binding_key(model, name);
  if (key.empty() || !is_container(model.kind_of_key(key))) return false;
  std::string instance_key;
  int owner = model.class_by_key(key);
  std::string attribute(model.tree().node_text(name));
  if (owner >= 0 && !model.classes()[static_cast<std::size_t>(owner)].instance_assigned.count(attribute)) {
    instance_key = "a:" + std::to_string(owner) + ":" + attribute;
  }
  auto mutated = [&](const std::string& which) {
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
  // Held across calls on purpose (released in another method), or handed to a callback that releases it.
  if (!occurs_in_function_itself(model, function, release, after, scope->end)) return false;
  if (node_type(q.argument_node) == "identifier" && lock_kept_in_function(model, function, lock)) return false;
  auto finally_releases = [&](TSNode try_statement) {
    for (std::uint32_t i = 0; i < safe_named_child_count(try_statement); ++i) {
      TSNode clause = safe_named_child(try_statement, i);
      if (node_type(clause) == "finally_clause" && tree.node_text(clause).find(release) != std::string_view::npos) return true;
    }
    return false;
  };
  TSNode next = safe_next_named_sibling(statement);
  while (node_type(next) == "comment") next = safe_next_named_sibling(next);
  if (ts_node_is_null(next)) return false;  // nothing runs between acquire() and the release in this block
  if (node_type(next) == "try_statement" && finally_releases(next)) return false;
  if (node_type(next) == "expression_statement" && tree.node_text(next).find(release) != std::string_view::npos) return false;
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
  return text.find(scope.name + "." + name) == std::string_view::npos && text.find("cls." + name) == std::string_view::npos;
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

}  // namespace

const std::vector<FactInfo>& known_facts() {
  static const std::vector<FactInfo> facts = {
      {"inside", FactArgument::context, "the match is inside the context (see contexts)"},
      {"has-capture", FactArgument::capture, "the capture is present in this match (one branch of an alternation)"},
      {"declared-global", FactArgument::capture, "the name is declared `global` in the enclosing function"},
      {"module-global", FactArgument::capture, "the name refers to a module global from inside a function"},
      {"shared-container", FactArgument::capture,
       "a dict/list/set that is a module global, a class attribute, or a shared instance attribute (as for shared-attribute)"},
      {"shared-attribute", FactArgument::capture,
       "`cls.x` or `ClassName.x`, or `self.x` of a class that owns a lock and reads or writes x under it somewhere (or in code reachable from a thread)"},
      {"mutated-elsewhere", FactArgument::capture,
       "the shared container changes size in some function (dict/set: any insert or removal; list: removals)"},
      {"locked-elsewhere", FactArgument::capture, "the same global or attribute is written under a lock somewhere in the file"},
      {"lock-statement", FactArgument::capture, "the `with` statement holds a lock"},
      {"lock-expression", FactArgument::capture, "the expression is a Lock/RLock/Condition (by binding or by name)"},
      {"released-without-finally", FactArgument::capture,
       "the same function (not a function nested in it) releases the lock later, but not in a `finally` that covers "
       "the code after acquire(); a lock created in the function that never leaves it does not count"},
      {"iterator-variable", FactArgument::capture,
       "the local is bound to an iterator: a generator expression, iter(), or a call of a generator function"},
      {"filled-afterwards", FactArgument::capture,
       "a later statement of the same block fills the container (item assignment, append, update, ...)"},
      {"mutable-class-attribute", FactArgument::capture,
       "the name is a class attribute holding a dict/list/set that no instance shadows (`self.x = ...`)"},
      {"self-parameter", FactArgument::capture, "the name is the instance parameter of the enclosing method"},
      {"mutated-parameter", FactArgument::capture, "the parameter is mutated in the function body and never rebound"},
      {"mutated-from-function", FactArgument::capture,
       "the module- or class-level container is mutated from inside some function"},
      {"mutated-from-thread", FactArgument::capture,
       "the module- or class-level container is mutated from a function reachable from a thread entry point"},
  };
  return facts;
}

const FactInfo* find_fact(const std::string& name) {
  for (const auto& fact : known_facts()) {
    if (name == fact.name) return &fact;
  }
  return nullptr;
}

const std::vector<std::string>& known_contexts() {
  static const std::vector<std::string> contexts = {"lock",       "function",         "loop",         "constructor",
                                                    "test-file",  "thread-reachable", "shared-class", "single-threaded",
                                                    "nested-function"};
  return contexts;
}

bool evaluate_fact(const Condition& condition, const FactQuery& q) {
  const auto& model = q.model;
  const auto& fact = condition.fact;
  bool holds = false;
  if (fact == "inside") {
    holds = inside(condition.argument, q);
  } else if (fact == "has-capture") {
    holds = !ts_node_is_null(q.argument_node);
  } else if (ts_node_is_null(q.argument_node)) {
    holds = false;
  } else if (fact == "declared-global") {
    const auto* scope = function_of(model, q.argument_node);
    holds = scope && scope->globals.count(std::string(model.tree().node_text(q.argument_node)));
  } else if (fact == "module-global") {
    auto key = model.key_of(q.argument_node);
    holds = model.function_at(ts_node_start_byte(q.argument_node)) >= 0 && key.rfind("g:", 0) == 0;
  } else if (fact == "shared-container") {
    auto key = model.key_of(q.argument_node);
    holds = shared_key(model, key, q.match) && is_container(model.kind_of_key(key));
  } else if (fact == "shared-attribute") {
    auto key = model.key_of(q.argument_node);
    holds = !key.empty() && key[0] != 'g' && shared_key(model, key, q.match);
  } else if (fact == "mutated-elsewhere") {
    holds = has_key_access(model, model.key_of(q.argument_node), [](const Access& access, ValueKind kind) {
      if (access.function < 0) return false;
      if (kind == ValueKind::list) return access.kind == AccessKind::shrink;
      return access.kind == AccessKind::grow || access.kind == AccessKind::shrink;
    });
  } else if (fact == "locked-elsewhere") {
    holds = has_key_access(model, model.key_of(q.argument_node),
                           [](const Access& access, ValueKind) { return access.locked; });
  } else if (fact == "lock-statement") {
    holds = lock_statement(q);
  } else if (fact == "lock-expression") {
    holds = model.is_lock_expression(q.argument_node, false);
  } else if (fact == "released-without-finally") {
    holds = released_without_finally(q);
  } else if (fact == "iterator-variable") {
    holds = iterator_variable(q);
  } else if (fact == "filled-afterwards") {
    holds = filled_afterwards(q);
  } else if (fact == "mutable-class-attribute") {
    holds = mutable_class_attribute(q);
  } else if (fact == "self-parameter") {
    holds = self_parameter(q);
  } else if (fact == "mutated-parameter") {
    holds = mutated_parameter(q);
  } else if (fact == "mutated-from-function") {
    holds = container_mutated(model, q.argument_node, false);
  } else if (fact == "mutated-from-thread") {
    holds = container_mutated(model, q.argument_node, true);
  }
  return holds != condition.negated;
}

}  // namespace gilfree::scanners
