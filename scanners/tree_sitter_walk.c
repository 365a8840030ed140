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

typedef struct {
  const Subtree *children;
  uint32_t count;
  uint32_t index;
  uint32_t structural_index;
  const TSSymbol *aliases;
  Length position; /* where the next child's padding starts (child 0: where it starts) */
} WalkFrame;

static TSSymbol public_symbol(const TSLanguage *language, TSSymbol symbol) {
  return symbol == ts_builtin_sym_error ? symbol : language->public_symbol_map[symbol];
}

static bool push_frame(WalkFrame **stack, uint32_t *size, uint32_t *capacity, Subtree parent, Length position,
                       const TSLanguage *language) {
  if (*size == *capacity) {
    uint32_t grown = *capacity ? *capacity * 2 : 64;
    WalkFrame *resized = realloc(*stack, grown * sizeof **stack);
    if (!resized) return false;
    *stack = resized;
    *capacity = grown;
  }
  WalkFrame *frame = &(*stack)[(*size)++];
  frame->children = ts_subtree_children(parent);
  frame->count = parent.ptr->child_count;
  frame->index = 0;
  frame->structural_index = 0;
  frame->aliases = ts_language_alias_sequence(language, parent.ptr->production_id);
  frame->position = position;
  return true;
}

bool gilfree_walk_wanted_nodes(const TSTree *tree, const uint8_t *wanted, uint32_t wanted_count,
                               gilfree_node_visitor visit, void *context) {
  const TSLanguage *language = tree->language;
  TSNode root = ts_tree_root_node(tree);
  TSSymbol root_symbol = ts_node_symbol(root);
  if (root_symbol < wanted_count && wanted[root_symbol]) visit(context, root);
  if (ts_subtree_child_count(tree->root) == 0) return true;

  WalkFrame *stack = NULL;
  uint32_t size = 0, capacity = 0;
  Length root_position = {ts_node_start_byte(root), ts_node_start_point(root)};
  if (!push_frame(&stack, &size, &capacity, tree->root, root_position, language)) return false;
  bool ok = true;
  while (size > 0) {
    WalkFrame *frame = &stack[size - 1];
    if (frame->index == frame->count) {
      --size;
      continue;
    }
    const Subtree *child = &frame->children[frame->index];
    TSSymbol alias = 0;
    if (!ts_subtree_extra(*child)) {
      if (frame->aliases) alias = frame->aliases[frame->structural_index];
      frame->structural_index++;
    }
    if (frame->index > 0) frame->position = length_add(frame->position, ts_subtree_padding(*child));
    Length position = frame->position;
    frame->position = length_add(frame->position, ts_subtree_size(*child));
    frame->index++;
    if (ts_subtree_visible(*child) || alias) {
      TSSymbol symbol = public_symbol(language, alias ? alias : ts_subtree_symbol(*child));
      if (symbol < wanted_count && wanted[symbol]) visit(context, ts_node_new(tree, child, position, alias));
    }
    if (ts_subtree_child_count(*child) > 0 && !push_frame(&stack, &size, &capacity, *child, position, language)) {
      ok = false;
      break;
    }
  }
  free(stack);
  return ok;
}

/* The field of the child at `structural_index` in a production's field map
 * (non-inherited entries only, as the cursor reads them). The map is in field
 * order, not child order, and holds a handful of entries: a plain scan. */
static TSFieldId own_field(const TSFieldMapEntry *map, const TSFieldMapEntry *end, uint32_t structural_index) {
  for (; map < end; map++) {
    if (!map->inherited && map->child_index == structural_index) return map->field_id;
  }
  return 0;
}

typedef struct {
  Subtree parent;
  uint32_t index;
  uint32_t structural_index;
  const TSSymbol *aliases;
  const TSFieldMapEntry *fields, *fields_end; /* the parent production's field map */
  Length position;
  TSFieldId field; /* the hidden parent's own field, given to children without one */
} ChildFrame;

static ChildFrame child_frame(const TSLanguage *language, Subtree parent, Length position, TSFieldId field) {
  ChildFrame frame = {parent, 0, 0, ts_language_alias_sequence(language, parent.ptr->production_id), NULL, NULL,
                      position, field};
  ts_language_field_map(language, parent.ptr->production_id, &frame.fields, &frame.fields_end);
  return frame;
}

enum { kMaxHiddenDepth = 256 };

uint32_t gilfree_visible_children(TSNode node, gilfree_child *out, uint32_t capacity) {
  const TSTree *tree = node.tree;
  const TSLanguage *language = tree->language;
  Subtree subtree = *(const Subtree *)node.id;
  if (ts_subtree_child_count(subtree) == 0) return 0;
  ChildFrame stack[kMaxHiddenDepth];
  uint32_t size = 0, count = 0;
  Length start = {ts_node_start_byte(node), ts_node_start_point(node)};
  stack[size++] = child_frame(language, subtree, start, 0);
  while (size > 0) {
    ChildFrame *frame = &stack[size - 1];
    if (frame->index == frame->parent.ptr->child_count) {
      --size;
      continue;
    }
    const Subtree *child = &ts_subtree_children(frame->parent)[frame->index];
    TSSymbol alias = 0;
    TSFieldId field = 0;
    bool extra = ts_subtree_extra(*child);
    if (!extra) {
      if (frame->aliases) alias = frame->aliases[frame->structural_index];
      field = own_field(frame->fields, frame->fields_end, frame->structural_index);
      if (!field) field = frame->field;
      frame->structural_index++;
    }
    if (frame->index > 0) frame->position = length_add(frame->position, ts_subtree_padding(*child));
    Length position = frame->position;
    frame->position = length_add(frame->position, ts_subtree_size(*child));
    frame->index++;
    if (ts_subtree_visible(*child) || alias) {
      if (count < capacity) {
        TSSymbol symbol = public_symbol(language, alias ? alias : ts_subtree_symbol(*child));
        bool named = alias ? ts_language_symbol_metadata(language, alias).named : ts_subtree_named(*child);
        out[count] = (gilfree_child){ts_node_new(tree, child, position, alias), field, symbol, named};
      }
      count++;
    } else if (ts_subtree_child_count(*child) > 0) {
      if (size == kMaxHiddenDepth) return UINT32_MAX;
      stack[size++] = child_frame(language, *child, position, field);
    }
  }
  return count;
}
