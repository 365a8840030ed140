/* See tree_sitter_walk.h. This mirrors ts_node_child_iterator_next and
 * ts_tree_cursor_goto_first_child of tree-sitter 0.25.0 (node.c, tree_cursor.c):
 * a node's position is where its padding ends; extras take no alias and no
 * structural index; hidden nodes are transparent (their children are walked
 * in their place, with their own production's aliases). */
#include "tree_sitter_walk.h"

#include <stdlib.h>

#include "language.h"
#include "subtree.h"
#include "tree.h"

/* From node.c (not in a header). */
TSNode ts_node_new(const TSTree *tree, const Subtree *subtree, Length position, TSSymbol alias);

/* Iterates one subtree's children (visible or not). */
typedef struct {
  const Subtree *children;
  uint32_t count;
  uint32_t index;
  uint32_t structural_index;
  const TSSymbol *aliases;
  Length position; /* where the next child's padding starts (child 0: where it starts) */
} ChildIterator;

/* One child as the iterator hands it over. */
typedef struct {
  const Subtree *subtree;
  TSSymbol alias;
  bool extra;
  uint32_t structural_index; /* meaningful when !extra */
  Length position;           /* where the child starts (after its padding) */
} ChildStep;

static ChildIterator iterate_children(const TSLanguage *language, Subtree parent, Length position) {
  ChildIterator iterator = {ts_subtree_children(parent), parent.ptr->child_count, 0, 0,
                            ts_language_alias_sequence(language, parent.ptr->production_id), position};
  return iterator;
}

static bool next_child(ChildIterator *iterator, ChildStep *step) {
  if (iterator->index == iterator->count) return false;
  const Subtree *child = &iterator->children[iterator->index];
  step->subtree = child;
  step->alias = 0;
  step->extra = ts_subtree_extra(*child);
  step->structural_index = iterator->structural_index;
  if (!step->extra) {
    if (iterator->aliases) step->alias = iterator->aliases[iterator->structural_index];
    iterator->structural_index++;
  }
  if (iterator->index > 0) iterator->position = length_add(iterator->position, ts_subtree_padding(*child));
  step->position = iterator->position;
  iterator->position = length_add(iterator->position, ts_subtree_size(*child));
  iterator->index++;
  return true;
}

static bool is_visible(const ChildStep *step) { return ts_subtree_visible(*step->subtree) || step->alias; }

static TSSymbol public_symbol(const TSLanguage *language, const ChildStep *step) {
  TSSymbol symbol = step->alias ? step->alias : ts_subtree_symbol(*step->subtree);
  return symbol == ts_builtin_sym_error ? symbol : language->public_symbol_map[symbol];
}

/* One level of the walk: the children still to visit and the production's
 * aliases. Positions are kept in locals (only saved here when descending):
 * writing a Length field by field and reading it back whole stalls the
 * store buffer on every child. */
typedef struct {
  const Subtree *next, *end;
  const TSSymbol *aliases;
  uint32_t structural_index;
  bool started;     /* a child was visited: the next one's padding counts */
  Length position;  /* where the parent level resumes (after this level's node) */
} WalkLevel;

static bool push_level(WalkLevel **stack, uint32_t *size, uint32_t *capacity, WalkLevel level) {
  if (*size == *capacity) {
    uint32_t grown = *capacity ? *capacity * 2 : 64;
    WalkLevel *resized = realloc(*stack, grown * sizeof **stack);
    if (!resized) return false;
    *stack = resized;
    *capacity = grown;
  }
  (*stack)[(*size)++] = level;
  return true;
}

static WalkLevel level_of(const TSLanguage *language, Subtree parent) {
  const Subtree *children = ts_subtree_children(parent);
  WalkLevel level = {children, children + parent.ptr->child_count,
                     ts_language_alias_sequence(language, parent.ptr->production_id), 0, false, {0, {0, 0}}};
  return level;
}

bool gilfree_walk_wanted_nodes(const TSTree *tree, const uint8_t *wanted, uint32_t wanted_count,
                               gilfree_node_visitor visit, void *context) {
  const TSLanguage *language = tree->language;
  TSNode root = ts_tree_root_node(tree);
  TSSymbol root_symbol = ts_node_symbol(root);
  if (root_symbol < wanted_count && wanted[root_symbol]) visit(context, root, root_symbol);
  if (ts_subtree_child_count(tree->root) == 0) return true;

  WalkLevel *stack = NULL;
  uint32_t size = 0, capacity = 0;
  WalkLevel level = level_of(language, tree->root);
  Length position = {ts_node_start_byte(root), ts_node_start_point(root)};
  for (;;) {
    if (level.next == level.end) {
      if (size == 0) break;
      level = stack[--size];
      position = level.position;
      continue;
    }
    const Subtree *child = level.next++;
    Subtree subtree = *child;
    bool is_inline = subtree.data.is_inline;
    bool extra = is_inline ? subtree.data.extra : subtree.ptr->extra;
    TSSymbol alias = 0;
    if (!extra) {
      if (level.aliases) alias = level.aliases[level.structural_index];
      level.structural_index++;
    }
    if (level.started) position = length_add(position, ts_subtree_padding(subtree));
    level.started = true;
    Length start = position;
    position = length_add(position, ts_subtree_size(subtree));
    bool visible = is_inline ? subtree.data.visible : subtree.ptr->visible;
    if (visible || alias) {
      TSSymbol symbol = alias ? alias : (is_inline ? subtree.data.symbol : subtree.ptr->symbol);
      if (symbol != ts_builtin_sym_error) symbol = language->public_symbol_map[symbol];
      if (symbol < wanted_count && wanted[symbol]) visit(context, ts_node_new(tree, child, start, alias), symbol);
    }
    if (!is_inline && subtree.ptr->child_count > 0) {
      level.position = position;
      if (!push_level(&stack, &size, &capacity, level)) {
        free(stack);
        return false;
      }
      level = level_of(language, subtree);
      position = start;
    }
  }
  free(stack);
  return true;
}

/* The field of the child at `structural_index` in a production's field map
 * (non-inherited entries only, as the cursor reads them). The map is in field
 * order, not child order, and holds a handful of entries: a plain scan. */
static TSFieldId own_field(const TSLanguage *language, Subtree parent, uint32_t structural_index) {
  const TSFieldMapEntry *map, *end;
  ts_language_field_map(language, parent.ptr->production_id, &map, &end);
  for (; map < end; map++) {
    if (!map->inherited && map->child_index == structural_index) return map->field_id;
  }
  return 0;
}

/* Whether the production has `field` at a child after `structural_index`. */
static bool field_later(const TSLanguage *language, Subtree parent, uint32_t structural_index, TSFieldId field) {
  const TSFieldMapEntry *map, *end;
  ts_language_field_map(language, parent.ptr->production_id, &map, &end);
  for (; map < end; map++) {
    if (map->field_id == field && map->child_index > structural_index) return true;
  }
  return false;
}

typedef struct {
  ChildIterator children;
  Subtree parent;
  uint32_t structural_index; /* of this (hidden) level's node in the level above */
} HiddenLevel;

/* A visible child's field and whether a later sibling may share it, read
 * upward through the hidden levels it sits in, as
 * ts_tree_cursor_current_field_id and ts_tree_cursor_current_status do. */
static void child_field(const TSLanguage *language, const HiddenLevel *stack, uint32_t size,
                        uint32_t structural_index, TSFieldId *field, bool *later) {
  *field = 0;
  *later = false;
  for (uint32_t level = size; level-- > 0;) {
    if (!*field) *field = own_field(language, stack[level].parent, structural_index);
    if (*field && !*later) *later = field_later(language, stack[level].parent, structural_index, *field);
    structural_index = stack[level].structural_index;
  }
}

enum { kMaxHiddenDepth = 256 };

uint32_t gilfree_visible_children(TSNode node, gilfree_child *out, uint32_t capacity) {
  const TSTree *tree = node.tree;
  const TSLanguage *language = tree->language;
  Subtree subtree = *(const Subtree *)node.id;
  if (ts_subtree_child_count(subtree) == 0) return 0;
  HiddenLevel stack[kMaxHiddenDepth];
  uint32_t size = 0, count = 0;
  Length start = {ts_node_start_byte(node), ts_node_start_point(node)};
  stack[size++] = (HiddenLevel){iterate_children(language, subtree, start), subtree, 0};
  ChildStep step;
  while (size > 0) {
    HiddenLevel *level = &stack[size - 1];
    if (!next_child(&level->children, &step)) {
      --size;
      continue;
    }
    if (is_visible(&step)) {
      if (count < capacity) {
        TSFieldId field = 0;
        bool later = false;
        if (!step.extra) child_field(language, stack, size, step.structural_index, &field, &later);
        bool named = step.alias ? ts_language_symbol_metadata(language, step.alias).named : ts_subtree_named(*step.subtree);
        out[count] = (gilfree_child){ts_node_new(tree, step.subtree, step.position, step.alias), field,
                                     public_symbol(language, &step), named, later};
      }
      count++;
    } else if (ts_subtree_child_count(*step.subtree) > 0) {
      if (size == kMaxHiddenDepth) return UINT32_MAX;
      stack[size++] = (HiddenLevel){iterate_children(language, *step.subtree, step.position), *step.subtree,
                                    step.structural_index};
    }
  }
  return count;
}
