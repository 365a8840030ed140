#include "scanners/engine/semantic_model.hpp"
#include "scanners/engine/suppression.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <deque>
#include <limits>

#include "common/text_search.hpp"

namespace gilfree::scanners {
namespace {

bool is_function_node(std::string_view type) { return type == "function_definition" || type == "lambda"; }

bool is_comprehension(std::string_view type) {
  return type == "list_comprehension" || type == "set_comprehension" || type == "dictionary_comprehension" ||
         type == "generator_expression";
}

const std::set<std::string_view> kGrowMethods = {"append", "extend", "insert", "add", "update", "setdefault",
                                                 "appendleft", "extendleft", "__setitem__"};
const std::set<std::string_view> kShrinkMethods = {"remove", "pop", "popitem", "clear", "discard", "popleft",
                                                   "difference_update", "intersection_update", "__delitem__"};
const std::set<std::string_view> kReorderMethods = {"sort", "reverse", "rotate", "symmetric_difference_update"};

// Node kinds visit() acts on, by symbol: most nodes (tokens, names,
// expressions) are skipped with one table lookup instead of string compares.
const std::vector<std::uint8_t>& interesting_symbols() {
  static const std::vector<std::uint8_t> table = [] {
    const TSLanguage* language = tree_sitter_python();
    std::vector<std::uint8_t> out(ts_language_symbol_count(language), 0);
    for (const char* name : {"function_definition", "lambda", "class_definition", "global_statement",
                             "nonlocal_statement", "assignment", "augmented_assignment", "for_statement",
                             "while_statement", "list_comprehension", "set_comprehension",
                             "dictionary_comprehension", "generator_expression", "with_statement",
                             "named_expression", "import_statement", "import_from_statement", "call", "decorated_definition",
                             "delete_statement", "yield", "comment", "attribute"}) {
      auto length = static_cast<std::uint32_t>(std::char_traits<char>::length(name));
      TSSymbol symbol = ts_language_symbol_for_name(language, name, length, true);
      if (symbol < out.size()) out[symbol] = 1;
    }
    return out;
  }();
  return table;
}

}  // namespace

bool is_container(ValueKind kind) { return kind == ValueKind::dict || kind == ValueKind::list || kind == ValueKind::set; }

std::string_view last_name_component(std::string_view dotted) {
  auto dot = dotted.rfind('.');
  return dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
}

bool looks_like_lock_name(std::string_view name) {
  static const RE2 pattern("(?i)(^|_)(r|w|rw)?(lock|mutex|mtx|lck|cond|condition|cv)s?$|[a-z]Lock$");
  return RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), pattern);
}

SemanticModel::SemanticModel(const PythonTree& tree, std::string_view path, const NodeTap& tap) : tree_(tree), path_(path) {
  static const RE2 test_path(R"((^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_tests?\.py$|(^|/)conftest\.py$)");
  test_file_ = RE2::PartialMatch(re2::StringPiece(path.data(), path.size()), test_path);
  asyncio_file_ = contains_text(path, "asyncio/") ||
                  contains_text(tree.text(), "import asyncio") ||
                  contains_text(tree.text(), "from asyncio");
  const auto& interesting = interesting_symbols();
  std::vector<std::uint8_t> wanted = interesting;
  if (tap.symbols) {
    wanted.resize(std::max(wanted.size(), tap.symbols->size()), 0);
    for (std::size_t symbol = 0; symbol < tap.symbols->size(); ++symbol) wanted[symbol] |= (*tap.symbols)[symbol];
  }
  walk_wanted_nodes(tree, wanted, [&](TSNode node, TSSymbol symbol) {
    if (symbol < interesting.size() && interesting[symbol]) visit(node, symbol);
    if (tap.symbols && symbol < tap.symbols->size() && (*tap.symbols)[symbol]) tap.visit(node);
  });
  compute_lock_regions();
  record_locked_uses();
  compute_thread_reachability();
  for (const auto& raw : raw_accesses_) {
    auto key = key_of(raw.expression);
    if (key.empty()) continue;
    accesses_.push_back(Access{key, raw.byte, raw.function, raw.kind, locked_at(raw.byte)});
  }
  for (const auto& access : accesses_) accesses_by_key_[access.key].push_back(&access);
}

int SemanticModel::current_function() const { return frames_.empty() ? -1 : frames_.back().function; }

int SemanticModel::current_class() const { return frames_.empty() ? -1 : frames_.back().class_index; }

void SemanticModel::visit(TSNode node, TSSymbol symbol) {
  auto start = ts_node_start_byte(node);
  while (!frames_.empty() && start >= frames_.back().end) frames_.pop_back();
  int function = current_function();
  static const TSSymbol attribute_symbol = ts_language_symbol_for_name(tree_sitter_python(), "attribute", 9, true);
  if (symbol == attribute_symbol) return visit_attribute(node, function);
  // The next most common kinds, by symbol rather than by name.
  static const TSSymbol call_symbol = ts_language_symbol_for_name(tree_sitter_python(), "call", 4, true);
  static const TSSymbol comment_symbol = ts_language_symbol_for_name(tree_sitter_python(), "comment", 7, true);
  if (symbol == call_symbol) return visit_call(node, function);
  if (symbol == comment_symbol) return visit_comment(node);
  auto type = node_type(node);
  int class_index = current_class();
  if (is_function_node(type)) return enter_function(node);
  if (type == "decorated_definition") return record_decorators(node);
  if (type == "class_definition") return enter_class(node);
  if (type == "global_statement" || type == "nonlocal_statement") {
    if (function < 0) return;
    auto& names = type == "global_statement" ? functions_[static_cast<std::size_t>(function)].globals
                                              : functions_[static_cast<std::size_t>(function)].nonlocals;
    for (std::uint32_t i = 0; i < safe_named_child_count(node); ++i) {
      names.insert(std::string(tree_.node_text(safe_named_child(node, i))));
    }
  } else if (type == "assignment") {
    TSNode value = node_field(node, "right");
    while (node_type(value) == "assignment") value = node_field(value, "right");
    if (!ts_node_is_null(value) || class_index >= 0) bind_target(node_field(node, "left"), value, function, class_index, AccessKind::write);
  } else if (type == "augmented_assignment") {
    bind_target(node_field(node, "left"), TSNode{}, function, class_index, AccessKind::read_modify_write);
  } else if (type == "for_statement" || type == "while_statement") {
    if (type == "for_statement") bind_target(node_field(node, "left"), TSNode{}, function, class_index, AccessKind::write);
    loops_.emplace_back(start, safe_end_byte(node));
  } else if (is_comprehension(type)) {
    loops_.emplace_back(start, safe_end_byte(node));
  } else if (type == "with_statement") {
    TSNode body = node_field(node, "body");
    TSNode clause = safe_named_child(node, 0);
    for (std::uint32_t i = 0; i < safe_named_child_count(clause); ++i) {
      TSNode value = node_field(safe_named_child(clause, i), "value");
      if (node_type(value) == "as_pattern") {
        TSNode alias = node_field(value, "alias");
        if (!ts_node_is_null(alias) && safe_named_child_count(alias) > 0) {
          bind_target(safe_named_child(alias, 0), TSNode{}, function, class_index, AccessKind::write);
        }
        value = safe_named_child(value, 0);
      }
      with_items_.push_back(WithItem{value, ts_node_start_byte(body), safe_end_byte(body)});
    }
  } else if (type == "named_expression") {
    bind_name(std::string(tree_.node_text(node_field(node, "name"))), node_field(node, "value"), function, class_index);
  } else if (type == "import_statement" || type == "import_from_statement") {
    record_imported_packages(node);
    for (std::uint32_t i = 0; i < safe_named_child_count(node); ++i) {
      TSNode child = safe_named_child(node, i);
      if (ts_node_eq(child, node_field(node, "module_name"))) continue;
      TSNode name = node_type(child) == "aliased_import" ? node_field(child, "alias") : child;
      if (node_type(name) == "dotted_name" && safe_named_child_count(name) > 0) name = safe_named_child(name, 0);
      if (node_type(name) == "identifier") bind_name(std::string(tree_.node_text(name)), TSNode{}, function, class_index);
    }
  } else if (type == "delete_statement") {
    for (std::uint32_t i = 0; i < safe_named_child_count(node); ++i) {
      TSNode target = safe_named_child(node, i);
      if (node_type(target) == "subscript") {
        raw_accesses_.push_back(RawAccess{node_field(target, "value"), start, function, AccessKind::shrink});
      }
    }
  } else if (type == "yield") {
    if (function >= 0) functions_[static_cast<std::size_t>(function)].has_yield = true;
  }
}

void SemanticModel::record_decorators(TSNode node) {
  Decoration decoration;
  decoration.definition_start = ts_node_start_byte(NodeFields(node)["definition"]);
  for (std::uint32_t i = 0; i < safe_named_child_count(node); ++i) {
    TSNode child = safe_named_child(node, i);
    if (node_type(child) != "decorator") continue;
    auto text = tree_.node_text(child);
    if (contains_text(text, "staticmethod")) decoration.is_static = true;
    if (contains_text(text, "classmethod")) decoration.is_classmethod = true;
    static const RE2 memoizing(R"(cached_property|memoized|lru_cache|\bcache\b|reify|lazy_property|cached\b)");
    if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), memoizing)) decoration.memoized = true;
    if (contains_text(text, "contextmanager")) decoration.context_manager = true;
    // `@synchronized(lock)`, `@cachedmethod(..., lock=..., condition=...)`: the decorator takes a lock around calls.
    static const RE2 serializing(R"(\bsynchronized\b|\b(lock|rlock|condition|mutex)\s*=)");
    if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), serializing)) decoration.serialized = true;
  }
  decorations_.push_back(decoration);
}

SemanticModel::Decoration SemanticModel::take_decoration(std::uint32_t definition_start) {
  if (decorations_.empty() || decorations_.back().definition_start != definition_start) return {};
  auto decoration = decorations_.back();
  decorations_.pop_back();
  return decoration;
}

void SemanticModel::enter_function(TSNode node) {
  auto start = ts_node_start_byte(node);
  FunctionScope scope;
  scope.start = start;
  scope.end = safe_end_byte(node);
  scope.parent = current_function();
  scope.class_index = current_class();
  bool is_lambda = node_type(node) == "lambda";
  scope.name = is_lambda ? "<lambda>" : std::string(tree_.node_text(node_field(node, "name")));
  // Its decorators were seen first, on the decorated_definition around it
  // (ts_node_parent would search down from the root: quadratic in big files).
  auto decoration = take_decoration(start);
  scope.node = node;
  scope.is_static = decoration.is_static;
  scope.is_classmethod = decoration.is_classmethod;
  scope.serialized = decoration.serialized;
  scope.memoized = decoration.memoized || scope.name.rfind("_memoized_attr_", 0) == 0;
  scope.context_manager = decoration.context_manager || scope.name == "__enter__" || scope.name == "__exit__" ||
                          scope.name == "__aenter__" || scope.name == "__aexit__";
  TSNode parameters = node_field(node, "parameters");
  for (std::uint32_t i = 0; !ts_node_is_null(parameters) && i < safe_named_child_count(parameters); ++i) {
    TSNode parameter = safe_named_child(parameters, i);
    TSNode name = parameter;
    if (node_type(name) != "identifier") name = node_field(parameter, "name");
    if (ts_node_is_null(name) && safe_named_child_count(parameter) > 0) name = safe_named_child(parameter, 0);
    if (node_type(name) != "identifier") continue;
    std::string text(tree_.node_text(name));
    if (scope.first_param.empty() && i == 0) scope.first_param = text;
    scope.bound.insert(text);
  }
  if (!is_lambda) bind_name(scope.name, TSNode{}, scope.parent, scope.class_index);
  auto index = static_cast<int>(functions_.size());
  if (scope.class_index >= 0) {
    auto& owner = classes_[static_cast<std::size_t>(scope.class_index)];
    owner.methods.push_back(index);
  }
  functions_.push_back(std::move(scope));
  frames_.push_back(Frame{safe_end_byte(node), index, -1});
}

void SemanticModel::enter_class(TSNode node) {
  auto start = ts_node_start_byte(node);
  take_decoration(start);  // a decorated class: nothing it says matters here
  ClassScope scope;
  scope.start = start;
  scope.end = safe_end_byte(node);
  scope.name = std::string(tree_.node_text(node_field(node, "name")));
  scope.bases = std::string(tree_.node_text(node_field(node, "superclasses")));
  scope.function = current_function();
  int enclosing_class = current_class();
  bind_name(scope.name, TSNode{}, scope.function, enclosing_class);
  auto index = static_cast<int>(classes_.size());
  if (scope.function < 0 && enclosing_class < 0) module_classes_[scope.name] = index;
  classes_.push_back(std::move(scope));
  frames_.push_back(Frame{safe_end_byte(node), current_function(), index});
}

void SemanticModel::bind_name(const std::string& name, TSNode value, int function, int class_index) {
  auto kind = ts_node_is_null(value) ? ValueKind::other : classify(value);
  auto update = [kind](std::map<std::string, ValueKind>& kinds, const std::string& key) {
    auto [it, inserted] = kinds.emplace(key, kind);
    if (!inserted && (it->second == ValueKind::other || it->second == ValueKind::none)) it->second = kind;
  };
  if (class_index >= 0) {
    update(classes_[static_cast<std::size_t>(class_index)].class_attrs, name);
  } else if (function >= 0 && !functions_[static_cast<std::size_t>(function)].globals.count(name)) {
    auto& scope = functions_[static_cast<std::size_t>(function)];
    scope.bound.insert(name);
    update(scope.local_kinds, name);
    if (!ts_node_is_null(value)) scope.local_values.emplace(name, value);
  } else {
    module_bound_.insert(name);
    update(module_kinds_, name);
  }
}

void SemanticModel::bind_target(TSNode target, TSNode value, int function, int class_index, AccessKind kind) {
  auto type = node_type(target);
  auto byte = ts_node_start_byte(target);
  if (type == "identifier") {
    std::string name(tree_.node_text(target));
    // Assigning a name inside a function makes it local unless declared global.
    if (function >= 0 && functions_[static_cast<std::size_t>(function)].globals.count(name)) {
      raw_accesses_.push_back(RawAccess{target, byte, function, kind});
      module_values_.insert(name);
    }
    if (function < 0 && class_index < 0) {
      module_values_.insert(name);
    }
    if (function < 0 && class_index >= 0 && (name == "_instance" || name == "__instance" || name == "_instances")) {
      classes_[static_cast<std::size_t>(class_index)].shared_by_design = true;
    }
    bind_name(name, value, function, class_index);
  } else if (type == "attribute") {
    raw_accesses_.push_back(RawAccess{target, byte, function, kind});
    TSNode object = node_field(target, "object");
    if (function < 0 || node_type(object) != "identifier") return;
    const auto& scope = functions_[static_cast<std::size_t>(function)];
    if (scope.class_index < 0 || scope.is_static || tree_.node_text(object) != scope.first_param) return;
    auto& owner = classes_[static_cast<std::size_t>(scope.class_index)];
    std::string attribute(tree_.node_text(node_field(target, "attribute")));
    auto value_kind = ts_node_is_null(value) ? ValueKind::other : classify(value);
    auto& kinds = scope.is_classmethod ? owner.class_attrs : owner.instance_attrs;
    auto [it, inserted] = kinds.emplace(attribute, value_kind);
    if (!inserted && (it->second == ValueKind::other || it->second == ValueKind::none)) it->second = value_kind;
    if (!scope.is_classmethod) owner.instance_assigned.insert(attribute);
  } else if (type == "subscript") {
    raw_accesses_.push_back(RawAccess{node_field(target, "value"), byte, function, AccessKind::grow});
  } else if (type == "pattern_list" || type == "tuple_pattern" || type == "list_pattern" ||
             type == "parenthesized_expression" || type == "list_splat_pattern" || type == "tuple" ||
             type == "list") {
    for (std::uint32_t i = 0; i < safe_named_child_count(target); ++i) {
      bind_target(safe_named_child(target, i), TSNode{}, function, class_index, kind);
    }
  }
}

void SemanticModel::visit_call(TSNode node, int function) {
  TSNode callee = NodeFields(node)["function"];
  auto byte = ts_node_start_byte(node);
  auto callee_text = tree_.node_text(callee);
  if (node_type(callee) == "identifier") {
    if (function >= 0) functions_[static_cast<std::size_t>(function)].called_names.emplace_back(callee_text, byte);
    if (function < 0 && current_class() < 0) module_level_calls_.emplace(callee_text);
  } else if (node_type(callee) == "attribute") {
    NodeFields fields(callee);
    TSNode object = fields["object"];
    auto method = tree_.node_text(fields["attribute"]);
    if (function >= 0 && node_type(object) == "identifier") {
      auto& scope = functions_[static_cast<std::size_t>(function)];
      if (tree_.node_text(object) == scope.first_param) scope.called_methods.emplace_back(method, byte);
    }
    // `task._reset()`: a private method called on another object (by name: the file's own class, most likely).
    if (function >= 0 && method.size() > 1 && method[0] == '_' && method[1] != '_' &&
        !(node_type(object) == "identifier" && tree_.node_text(object) == functions_[static_cast<std::size_t>(function)].first_param)) {
      functions_[static_cast<std::size_t>(function)].called_elsewhere.emplace_back(method, byte);
    }
    if (kGrowMethods.count(method)) raw_accesses_.push_back(RawAccess{object, byte, function, AccessKind::grow});
    if (kShrinkMethods.count(method)) raw_accesses_.push_back(RawAccess{object, byte, function, AccessKind::shrink});
    if (kReorderMethods.count(method)) raw_accesses_.push_back(RawAccess{object, byte, function, AccessKind::mutate});
    if (method == "acquire") {
      TSNode parent = safe_parent(node);
      if (node_type(parent) == "expression_statement") acquires_.push_back(AcquireCall{parent, object});
      if (node_type(parent) == "if_statement" && ts_node_eq(node_field(parent, "condition"), node)) {
        TSNode body = node_field(parent, "consequence");
        with_items_.push_back(WithItem{object, ts_node_start_byte(body), safe_end_byte(body)});
      }
      // `if not lock.acquire(False): ... else: <held here>`
      TSNode grandparent = safe_parent(parent);
      if (node_type(parent) == "not_operator" && node_type(grandparent) == "if_statement" &&
          ts_node_eq(node_field(grandparent, "condition"), parent)) {
        TSNode otherwise = node_field(grandparent, "alternative");
        if (node_type(otherwise) == "else_clause") {
          TSNode body = node_field(otherwise, "body");
          with_items_.push_back(WithItem{object, ts_node_start_byte(body), safe_end_byte(body)});
        }
      }
    }
  }
  record_entry_call(node, callee_text, function);
}

void SemanticModel::record_entry_call(TSNode call, std::string_view callee, int function) {
  auto name = last_name_component(callee);
  static const std::set<std::string_view> starters = {"Thread", "Timer", "start_new_thread", "start_joinable_thread",
                                                      "to_thread", "submit", "run_in_executor", "map",
                                                      "add_done_callback"};
  if (!starters.count(name)) return;
  // asyncio runs a future's done-callbacks on its own event loop thread; other
  // futures (concurrent.futures, grpc) run them on the thread that finishes the work.
  if (name == "add_done_callback" && asyncio_file_) return;
  TSNode arguments = node_field(call, "arguments");
  if (node_type(arguments) != "argument_list") return;
  std::vector<TSNode> positional;
  std::map<std::string_view, TSNode> keywords;
  for (std::uint32_t i = 0; i < safe_named_child_count(arguments); ++i) {
    TSNode argument = safe_named_child(arguments, i);
    if (node_type(argument) == "keyword_argument") {
      keywords[tree_.node_text(node_field(argument, "name"))] = node_field(argument, "value");
    } else if (node_type(argument) != "comment") {
      positional.push_back(argument);
    }
  }
  auto positional_at = [&](std::size_t index) { return index < positional.size() ? positional[index] : TSNode{}; };
  TSNode target{};
  if (name == "Thread") {
    target = keywords.count("target") ? keywords["target"] : positional_at(1);
  } else if (name == "Timer") {
    target = keywords.count("function") ? keywords["function"] : positional_at(1);
  } else if (name == "start_new_thread" || name == "start_joinable_thread" || name == "to_thread" || name == "submit" ||
             name == "add_done_callback") {
    target = positional_at(0);
  } else if (name == "run_in_executor") {
    target = positional_at(1);
  } else if (name == "map" && callee.size() > name.size()) {
    static const RE2 executor("(?i)(executor|pool|^ex$|^e$|^tpe$)");
    auto object = last_name_component(callee.substr(0, callee.size() - name.size() - 1));
    if (RE2::PartialMatch(re2::StringPiece(object.data(), object.size()), executor)) target = positional_at(0);
  }
  if (ts_node_is_null(target)) return;
  if (node_type(target) == "call") {
    auto wrapper = last_name_component(tree_.node_text(node_field(target, "function")));
    TSNode inner = node_field(target, "arguments");
    if (wrapper == "partial" && safe_named_child_count(inner) > 0) target = safe_named_child(inner, 0);
  }
  entry_targets_.push_back(EntryTarget{target, function});
}

void SemanticModel::visit_attribute(TSNode node, int function) {
  if (function < 0) return;
  const auto& scope = functions_[static_cast<std::size_t>(function)];
  if (scope.class_index < 0 || scope.is_static || scope.is_classmethod) return;
  TSNode object = node_field(node, "object");
  if (node_type(object) != "identifier" || tree_.node_text(object) != scope.first_param) return;
  self_attributes_.push_back(SelfAttribute{ts_node_start_byte(node), node, scope.class_index});
}

// A `self.x` read or written under a lock in one of the class's methods is the
// author's statement that x is lock-protected state of a shared instance.
void SemanticModel::record_locked_uses() {
  for (const auto& use : self_attributes_) {
    if (!locked_at(use.byte)) continue;
    auto name = tree_.node_text(node_field(use.attribute, "attribute"));
    classes_[static_cast<std::size_t>(use.class_index)].locked_uses.emplace(name);
  }
}

void SemanticModel::visit_comment(TSNode node) {
  auto ids = suppression_ids(tree_.node_text(node));
  if (!ids) return;
  int line = static_cast<int>(ts_node_start_point(node).row) + 1;
  suppressions_[line].insert(ids->begin(), ids->end());
}

ValueKind SemanticModel::classify(TSNode value) const {
  auto type = node_type(value);
  if (type == "dictionary" || type == "dictionary_comprehension") return ValueKind::dict;
  if (type == "list" || type == "list_comprehension") return ValueKind::list;
  if (type == "set" || type == "set_comprehension") return ValueKind::set;
  if (type == "none") return ValueKind::none;
  if (type == "generator_expression") return ValueKind::iterator;
  if (type != "call") return ValueKind::other;
  auto callee = tree_.node_text(node_field(value, "function"));
  auto name = last_name_component(callee);
  if (callee.rfind("asyncio.", 0) == 0) return ValueKind::other;
  if (name == "dict" || name == "defaultdict" || name == "OrderedDict" || name == "Counter" ||
      name == "WeakValueDictionary" || name == "WeakKeyDictionary" || name == "ChainMap") {
    return ValueKind::dict;
  }
  if (name == "list" || name == "deque") return ValueKind::list;
  if (name == "set" || name == "WeakSet") return ValueKind::set;
  if (name == "Lock" || name == "RLock" || name == "allocate_lock" || name == "Condition") return ValueKind::lock;
  if (name == "Semaphore" || name == "BoundedSemaphore") return ValueKind::semaphore;
  if (name == "local" && (callee == "local" || callee == "threading.local" || callee == "_thread.local")) {
    return ValueKind::thread_local_data;
  }
  if (name == "iter") return ValueKind::iterator;
  // An instance of a class of this file that subclasses threading.local is per-thread too.
  auto owner = module_classes_.find(std::string(name));
  if (owner != module_classes_.end() && classes_[static_cast<std::size_t>(owner->second)].bases.find("local") != std::string::npos) {
    return ValueKind::thread_local_data;
  }
  return ValueKind::other;
}

int SemanticModel::function_at(std::uint32_t byte) const {
  // Functions are stored in walk order (by start), so the innermost one
  // containing `byte` is the last such one.
  // Every function containing `byte` is an ancestor of (or is) the last one
  // starting before it, so walking that one's parents finds the innermost.
  auto it = std::upper_bound(functions_.begin(), functions_.end(), byte,
                             [](std::uint32_t b, const FunctionScope& f) { return b < f.start; });
  if (it == functions_.begin()) return -1;
  for (int f = static_cast<int>(it - functions_.begin()) - 1; f >= 0; f = functions_[static_cast<std::size_t>(f)].parent) {
    if (byte < functions_[static_cast<std::size_t>(f)].end) return f;
  }
  return -1;
}

// The top-level packages an import statement names (`import a.b, c as d`: a, c;
// `from a.b import c`: a; a relative import: none), from the tree rather than
// a pass over the file's text, which also took imports quoted in docstrings.
void SemanticModel::record_imported_packages(TSNode statement) {
  auto record = [&](TSNode module) {
    if (node_type(module) == "aliased_import") module = node_field(module, "name");
    if (node_type(module) != "dotted_name" || safe_named_child_count(module) == 0) return;
    imported_packages_.emplace(tree_.node_text(safe_named_child(module, 0)));
  };
  if (node_type(statement) == "import_from_statement") return record(node_field(statement, "module_name"));
  for (std::uint32_t i = 0; i < safe_named_child_count(statement); ++i) record(safe_named_child(statement, i));
}

bool SemanticModel::imports_any(std::initializer_list<std::string_view> packages) const {
  return std::any_of(packages.begin(), packages.end(), [&](std::string_view p) { return imported_packages_.count(p) > 0; });
}

bool SemanticModel::is_thread_aware() const {
  if (thread_aware_ >= 0) return thread_aware_ == 1;
  bool aware = !sorted_regions_.empty() || imports_any({"threading", "_thread", "concurrent", "queue", "multiprocessing"}) ||
               std::any_of(functions_.begin(), functions_.end(), [](const FunctionScope& f) { return f.thread_entry; });
  thread_aware_ = aware ? 1 : 0;
  return aware;
}

bool SemanticModel::is_gui_file() const {
  if (gui_file_ < 0) {
    bool gui_package = path_.find("idlelib/") != std::string::npos || path_.find("turtledemo/") != std::string::npos ||
                       path_.find("tkinter/") != std::string::npos || path_.find("_pyrepl/") != std::string::npos;
    gui_file_ = gui_package || imports_any({"tkinter", "_tkinter", "turtle", "idlelib", "curses"}) ? 1 : 0;
  }
  return gui_file_ == 1;
}

int SemanticModel::module_class(const std::string& name) const {
  auto it = module_classes_.find(name);
  return it == module_classes_.end() ? -1 : it->second;
}

bool SemanticModel::import_time_only(int function) const {
  if (function < 0) return true;
  const auto& scope = functions_[static_cast<std::size_t>(function)];
  if (scope.class_index >= 0 || scope.parent >= 0 || !module_level_calls_.count(scope.name)) return false;
  for (const auto& other : functions_) {
    for (const auto& [name, byte] : other.called_names) {
      if (name == scope.name) return false;
    }
  }
  return !contains_text(tree_.text(), "'" + scope.name + "'") &&  // __all__ exports it
         !contains_text(tree_.text(), "\"" + scope.name + "\"");
}

const AccessModel& SemanticModel::access_model() const {
  if (!access_model_) access_model_ = std::make_unique<AccessModel>(*this);
  return *access_model_;
}

int SemanticModel::class_of_function(int function) const {
  return function < 0 ? -1 : functions_[static_cast<std::size_t>(function)].class_index;
}

void SemanticModel::index_lock_regions() {
  sorted_regions_ = lock_regions_;
  std::sort(sorted_regions_.begin(), sorted_regions_.end());
  prefix_max_end_.clear();
  std::uint32_t max_end = 0;
  for (const auto& region : sorted_regions_) {
    max_end = std::max(max_end, region.second);
    prefix_max_end_.push_back(max_end);
  }
}

bool SemanticModel::locked_at(std::uint32_t byte) const {
  // Some region with start <= byte ends after byte iff the largest end among them does.
  auto it = std::upper_bound(sorted_regions_.begin(), sorted_regions_.end(),
                             std::make_pair(byte, std::numeric_limits<std::uint32_t>::max()));
  if (it == sorted_regions_.begin()) return false;
  return prefix_max_end_[static_cast<std::size_t>(it - sorted_regions_.begin()) - 1] > byte;
}

bool SemanticModel::lock_region_within(std::uint32_t start, std::uint32_t end) const {
  auto it = std::lower_bound(sorted_regions_.begin(), sorted_regions_.end(), std::make_pair(start, std::uint32_t{0}));
  return it != sorted_regions_.end() && it->first < end;
}

const std::vector<const Access*>& SemanticModel::accesses_of(const StateKey& key) const {
  static const std::vector<const Access*> none;
  auto it = accesses_by_key_.find(key);
  return it == accesses_by_key_.end() ? none : it->second;
}

bool SemanticModel::in_loop(TSNode node) const {
  auto byte = ts_node_start_byte(node);
  int function = function_at(byte);
  std::uint32_t floor = function < 0 ? 0 : functions_[static_cast<std::size_t>(function)].start;
  return std::any_of(loops_.begin(), loops_.end(), [&](const auto& loop) {
    return loop.first <= byte && byte < loop.second && loop.first >= floor;
  });
}

StateKey SemanticModel::key_of(TSNode expression) const {
  auto type = node_type(expression);
  int function = function_at(ts_node_start_byte(expression));
  if (type == "identifier") {
    std::string name(tree_.node_text(expression));
    for (int f = function; f >= 0; f = functions_[static_cast<std::size_t>(f)].parent) {
      const auto& scope = functions_[static_cast<std::size_t>(f)];
      if (scope.globals.count(name)) return StateKey::global(name);
      if (scope.bound.count(name) || scope.nonlocals.count(name)) return {};
    }
    return module_bound_.count(name) ? StateKey::global(name) : StateKey{};
  }
  if (type != "attribute") return {};
  TSNode object = node_field(expression, "object");
  if (node_type(object) != "identifier") return {};
  auto object_name = tree_.node_text(object);
  std::string attribute(tree_.node_text(node_field(expression, "attribute")));
  if (function >= 0) {
    const auto& scope = functions_[static_cast<std::size_t>(function)];
    if (scope.class_index >= 0 && !scope.is_static && object_name == scope.first_param) {
      return scope.is_classmethod ? StateKey::of_class(scope.class_index, attribute)
                                  : StateKey::instance(scope.class_index, attribute);
    }
    for (int f = function; f >= 0; f = functions_[static_cast<std::size_t>(f)].parent) {
      if (functions_[static_cast<std::size_t>(f)].bound.count(std::string(object_name))) return {};
    }
  }
  auto it = module_classes_.find(std::string(object_name));
  if (it != module_classes_.end()) return StateKey::of_class(it->second, attribute);
  return {};
}

ValueKind SemanticModel::kind_of_key(const StateKey& key) const {
  if (key.empty()) return ValueKind::other;
  auto lookup = [&key](const std::map<std::string, ValueKind>& kinds) {
    auto it = kinds.find(key.name);
    return it == kinds.end() ? ValueKind::other : it->second;
  };
  if (key.is_global()) return lookup(module_kinds_);
  const auto& owner = classes_[static_cast<std::size_t>(key.class_index)];
  if (key.scope == StateKey::Scope::instance) {
    auto kind = lookup(owner.instance_attrs);
    return kind == ValueKind::other || kind == ValueKind::none ? lookup(owner.class_attrs) : kind;
  }
  return lookup(owner.class_attrs);
}

ValueKind SemanticModel::kind_of(TSNode expression) const {
  if (node_type(expression) == "identifier") {
    std::string name(tree_.node_text(expression));
    for (int f = function_at(ts_node_start_byte(expression)); f >= 0; f = functions_[static_cast<std::size_t>(f)].parent) {
      const auto& scope = functions_[static_cast<std::size_t>(f)];
      if (scope.globals.count(name)) break;
      auto it = scope.local_kinds.find(name);
      if (it != scope.local_kinds.end()) return it->second;
      if (scope.bound.count(name)) return ValueKind::other;
    }
  }
  return kind_of_key(key_of(expression));
}

bool SemanticModel::is_lock_expression(TSNode expression, bool include_semaphores) const {
  auto type = node_type(expression);
  if (type != "identifier" && type != "attribute") return false;
  switch (kind_of(expression)) {
    case ValueKind::lock: return true;
    case ValueKind::semaphore: return include_semaphores;
    case ValueKind::other:
    case ValueKind::none: {
      auto name = last_name_component(tree_.node_text(expression));
      // `sl.l` where some class of the file binds `self.l = threading.Lock()`.
      return looks_like_lock_name(name) || (type == "attribute" && lock_attribute_names_.count(std::string(name)));
    }
    default: return false;
  }
}

bool SemanticModel::is_parameter(TSNode name) const {
  if (node_type(name) != "identifier") return false;
  int function = function_at(ts_node_start_byte(name));
  if (function < 0) return false;
  TSNode parameters = node_field(functions_[static_cast<std::size_t>(function)].node, "parameters");
  auto text = tree_.node_text(name);
  for (std::uint32_t i = 0; i < safe_named_child_count(parameters); ++i) {
    TSNode parameter = safe_named_child(parameters, i);
    TSNode bound = node_type(parameter) == "identifier" ? parameter : node_field(parameter, "name");
    if (ts_node_is_null(bound) && safe_named_child_count(parameter) > 0) bound = safe_named_child(parameter, 0);
    if (node_type(bound) == "identifier" && tree_.node_text(bound) == text) return true;
  }
  return false;
}

bool SemanticModel::is_shared_class(int class_index) const {
  if (class_index < 0) return false;
  const auto& owner = classes_[static_cast<std::size_t>(class_index)];
  return owner.owns_lock || owner.thread_used || owner.shared_by_design;
}

void SemanticModel::compute_lock_regions() {
  for (const auto& owner : classes_) {
    for (const auto& [name, kind] : owner.instance_attrs) {
      if (kind == ValueKind::lock) lock_attribute_names_.insert(name);
    }
  }
  for (const auto& item : with_items_) {
    if (is_lock_expression(item.value, true)) lock_regions_.emplace_back(item.body_start, item.body_end);
  }
  for (const auto& acquire : acquires_) {
    if (!is_lock_expression(acquire.receiver, false)) continue;
    std::string release = std::string(tree_.node_text(acquire.receiver)) + ".release(";
    auto from = safe_end_byte(acquire.statement);
    std::uint32_t to = safe_end_byte(safe_parent(acquire.statement));
    for (TSNode sibling = safe_next_named_sibling(acquire.statement); !ts_node_is_null(sibling);
         sibling = safe_next_named_sibling(sibling)) {
      if (!contains_text(tree_.node_text(sibling), release)) continue;
      to = node_type(sibling) == "try_statement" ? safe_end_byte(sibling) : ts_node_start_byte(sibling);
      break;
    }
    lock_regions_.emplace_back(from, to);
  }
  index_lock_regions();
  // Classes that own a lock: a lock-valued attribute, or `with self.<lock>:`.
  for (auto& owner : classes_) {
    for (const auto* kinds : {&owner.instance_attrs, &owner.class_attrs}) {
      for (const auto& [name, kind] : *kinds) {
        if (kind == ValueKind::lock || kind == ValueKind::semaphore) owner.owns_lock = true;
      }
    }
  }
  for (const auto& item : with_items_) {
    auto key = key_of(item.value);
    if (key.is_attribute() && is_lock_expression(item.value, true)) {
      classes_[static_cast<std::size_t>(key.class_index)].owns_lock = true;
    }
  }
  // Helpers only ever called with the lock held (or named *_locked) run locked.
  for (int round = 0; round < 3; ++round) {
    // Without any lock region no call is locked (most files): nothing to count.
    bool any_locked = !sorted_regions_.empty();
    auto sites = any_locked ? count_call_sites() : CallSites{};
    for (auto& scope : functions_) {
      if (scope.body_locked || scope.name.rfind("__", 0) == 0 || scope.name == "<lambda>") continue;
      bool locked = scope.serialized || (scope.name.size() > 7 && scope.name.compare(scope.name.size() - 7, 7, "_locked") == 0);
      if (!locked && any_locked) {
        const auto& counts = scope.class_index >= 0 ? sites.by_class[static_cast<std::size_t>(scope.class_index)]
                                                    : sites.module;
        auto it = counts.find(scope.name);
        locked = it != counts.end() && it->second.calls == it->second.locked;
        // A private method that other objects call too: every call, through self or not, holds a lock.
        if (auto other = sites.private_methods.find(scope.name); scope.class_index >= 0 && other != sites.private_methods.end()) {
          int calls = other->second.calls + (it == counts.end() ? 0 : it->second.calls);
          int held = other->second.locked + (it == counts.end() ? 0 : it->second.locked);
          locked = calls > 0 && calls == held;
        }
      }
      if (locked) {
        scope.body_locked = true;
        lock_regions_.emplace_back(scope.start, scope.end);
      }
    }
    index_lock_regions();
  }
}

// Counted once per round rather than per function: a file with thousands of
// functions and call sites made the per-function count quadratic.
SemanticModel::CallSites SemanticModel::count_call_sites() const {
  CallSites sites;
  sites.by_class.resize(classes_.size());
  auto add = [this](CallSites::Counts& counts, const std::vector<std::pair<std::string_view, std::uint32_t>>& calls) {
    for (const auto& [name, byte] : calls) {
      auto& count = counts[name];
      ++count.calls;
      if (locked_at(byte)) ++count.locked;
    }
  };
  for (const auto& function : functions_) {
    add(sites.module, function.called_names);  // plain calls, from anywhere in the file
    if (function.class_index >= 0) add(sites.by_class[static_cast<std::size_t>(function.class_index)], function.called_methods);
    add(sites.private_methods, function.called_elsewhere);
  }
  return sites;
}

std::vector<int> SemanticModel::functions_named(std::string_view name, int from_function) const {
  (void)from_function;
  std::vector<int> found;
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    if (functions_[i].name == name && functions_[i].class_index < 0) found.push_back(static_cast<int>(i));
  }
  return found;
}

void SemanticModel::mark_entry(TSNode target, int function) {
  auto type = node_type(target);
  std::vector<int> found;
  if (type == "lambda") {
    found.push_back(function_at(ts_node_start_byte(target)));
  } else if (type == "identifier") {
    found = functions_named(tree_.node_text(target), function);
  } else if (type == "attribute") {
    std::string method(tree_.node_text(node_field(target, "attribute")));
    TSNode object = node_field(target, "object");
    int owner = -1;
    if (function >= 0 && node_type(object) == "identifier" &&
        tree_.node_text(object) == functions_[static_cast<std::size_t>(function)].first_param) {
      owner = functions_[static_cast<std::size_t>(function)].class_index;
    }
    for (std::size_t i = 0; i < functions_.size(); ++i) {
      const auto& scope = functions_[i];
      if (scope.name == method && scope.class_index >= 0 && (owner < 0 || scope.class_index == owner)) {
        found.push_back(static_cast<int>(i));
      }
    }
    // `other.read` names a method of some other object: resolve it only when
    // exactly one class in the file defines that method.
    if (owner < 0 && found.size() > 1) found.clear();
  }
  for (int f : found) {
    if (f < 0) continue;
    auto& scope = functions_[static_cast<std::size_t>(f)];
    scope.thread_entry = true;
    if (scope.class_index >= 0) classes_[static_cast<std::size_t>(scope.class_index)].thread_used = true;
  }
}

void SemanticModel::compute_thread_reachability() {
  static const RE2 thread_base(R"(\bThread\b)");
  for (const auto& entry : entry_targets_) mark_entry(entry.target, entry.function);
  for (auto& owner : classes_) {
    if (!RE2::PartialMatch(owner.bases, thread_base)) continue;
    owner.thread_subclass = owner.thread_used = true;
    for (int method : owner.methods) {
      if (functions_[static_cast<std::size_t>(method)].name == "run") functions_[static_cast<std::size_t>(method)].thread_entry = true;
    }
  }
  std::deque<int> queue;
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    if (functions_[i].thread_entry) {
      functions_[i].thread_reachable = true;
      queue.push_back(static_cast<int>(i));
    }
  }
  auto reach = [&](int f) {
    auto& scope = functions_[static_cast<std::size_t>(f)];
    if (scope.thread_reachable) return;
    scope.thread_reachable = true;
    queue.push_back(f);
  };
  while (!queue.empty()) {
    int f = queue.front();
    queue.pop_front();
    const auto& scope = functions_[static_cast<std::size_t>(f)];
    for (const auto& [name, byte] : scope.called_names) {
      for (int callee : functions_named(name, f)) reach(callee);
    }
    if (scope.class_index < 0) continue;
    for (const auto& [name, byte] : scope.called_methods) {
      for (int method : classes_[static_cast<std::size_t>(scope.class_index)].methods) {
        if (functions_[static_cast<std::size_t>(method)].name == name) reach(method);
      }
    }
    // Code nested in a reachable function (closures, lambdas) runs in the thread too when called.
  }
}

}  // namespace gilfree::scanners
