#ifndef GILFREE_SCANNERS_TREE_SITTER_WALK_H
#define GILFREE_SCANNERS_TREE_SITTER_WALK_H
/* One depth-first walk of a tree that hands the caller only the nodes of the
 * kinds it asked for. The public TSTreeCursor API builds a TSNode for every
 * node and tracks a descendant index on each move; walking the pinned core's
 * own subtree layout and building a TSNode only for wanted kinds makes a full
 * walk cost a small fraction of the parse (bench/scan.sh). Nodes arrive in
 * document order (pre-order over the visible nodes, exactly what
 * TSTreeCursor visits), as valid TSNode values for the public API. */
#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*gilfree_node_visitor)(void *context, TSNode node, TSSymbol symbol);

/* Calls visit(context, node, s) for every visible node whose public symbol s
 * has s < wanted_count && wanted[s]. Needs no recursion (deep trees are fine);
 * returns false only when memory for the walk's stack ran out. */
bool gilfree_walk_wanted_nodes(const TSTree *tree, const uint8_t *wanted, uint32_t wanted_count,
                               gilfree_node_visitor visit, void *context);

/* A node's visible children (hidden ones flattened, as TSTreeCursor and
 * ts_node_child see them), each with the field it sits in (0: none), as
 * ts_tree_cursor_current_field_id gives it. Writes at most `capacity` and
 * returns how many there are (call again with more room when larger). */
typedef struct {
  TSNode node;
  TSFieldId field;
  TSSymbol symbol; /* ts_node_symbol(node) */
  bool named;      /* ts_node_is_named(node) */
  /* Whether the production lets a later sibling sit in the same field, as
   * ts_tree_cursor_current_status reports it: tree-sitter's query cursor tries
   * a field step on no later sibling when this is false. */
  bool later_in_field;
} gilfree_child;

uint32_t gilfree_visible_children(TSNode parent, gilfree_child *out, uint32_t capacity);

/* Exactly ts_node_child_by_field_id (node.c of the pinned core): the child in
 * `field`, or a null node. It steps over the children before the field's
 * position without building a node for each, and inline: the models ask for
 * fields tens of thousands of times per file, and the library's out-of-line
 * child iterator was most of what those lookups cost. */
TSNode gilfree_child_by_field_id(TSNode node, TSFieldId field);

#ifdef __cplusplus
}
#endif
#endif
