/*
 * rotas/store_plans.h - saved plans and their approval history in the county database.
 *
 * A plan saved with rotas_store_save_plan remembers the fingerprint of the county it was made
 * from. Approving it replaces the county (moves applied, the year moved on) and records the
 * county as it was before, in one transaction; a plan is approved at most once and only
 * against the county it was made from. The last approval can be reverted exactly: the county
 * recorded before it comes back, so an export after approve + revert equals the export before.
 *
 * Tables (created on first use, outside the schema version, like the what-if run table):
 *   plan_meta(plan, county_hash)
 *   approvals(id, plan, year, approved, before_json, after_hash, reverted)
 */
#ifndef ROTAS_STORE_PLANS_H
#define ROTAS_STORE_PLANS_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/store.h"

/* A county's fingerprint: 16 hex digits of a 64-bit FNV-1a hash of its rotas-county/1 JSON
   (the export), so two counties that export alike have the same fingerprint. out has 17 bytes.
   ROTAS_ENOMEM if the county cannot be written. */
rotas_rc rotas_county_fingerprint(char out[17], const rotas_county *c, rotas_error *err);

/* Store a plan (its JSON document) made from the county whose fingerprint is county_hash.
   One transaction; the new result id in *id_out. */
rotas_rc rotas_store_save_plan(rotas_store *s, const char *label, const char *json,
                               const char *county_hash, long long *id_out, rotas_error *err);

/* One saved plan, as `rotas plans` lists it. Strings are owned by the list. */
typedef struct rotas_plan_row {
    long long id;
    int year;
    long long n_moves;
    char *created;     /* UTC, "2026-12-05T08:30:00Z" */
    char *approved;    /* NULL unless approved (and not reverted) */
    char *county_hash; /* NULL for a plan saved without one (older rotas) */
    int reverted;      /* approvals of it that were reverted */
} rotas_plan_row;

/* Every saved plan, oldest first. *out is new (rotas_plan_rows_free). */
rotas_rc rotas_store_list_plans(rotas_plan_row **out, size_t *n_out, rotas_store *s,
                                rotas_error *err);
void rotas_plan_rows_free(rotas_plan_row *rows, size_t n);

/* Whether plan id may be approved now against the county whose fingerprint is county_hash.
   *why: ROTAS_APPROVABLE, ROTAS_ALREADY_APPROVED (when in *approved_on, 32 bytes) or
   ROTAS_OTHER_COUNTY (made from another state of the county). *has_hash is set to 1 when the
   plan carries a fingerprint (else the caller must judge staleness itself). The return code
   is for database failures only. */
enum { ROTAS_APPROVABLE = 0, ROTAS_ALREADY_APPROVED = 1, ROTAS_OTHER_COUNTY = 2 };
rotas_rc rotas_store_plan_approvable(rotas_store *s, long long id, const char *county_hash,
                                     int *why, char *approved_on, int *has_hash, rotas_error *err);

/* Approve plan id: in one transaction replace the county by after, record the approval
   (before_json: the county before, as rotas_county_dump_json wrote it; after_hash: the
   fingerprint of after) and an "approval" result. Re-checks that the plan is not approved. */
rotas_rc rotas_store_approve_plan(rotas_store *s, long long id, int year, const char *before_json,
                                  const rotas_county *after, const char *after_hash,
                                  rotas_error *err);

/* The last approval still in force: its plan id and the county before it (new string,
   free()). ROTAS_EINPUT with a message when there is none. */
rotas_rc rotas_store_last_approval(rotas_store *s, long long *plan_out, char **before_json_out,
                                   char *after_hash_out /* 17 bytes */, rotas_error *err);

/* Revert the last approval (of plan id): in one transaction replace the county by before and
   mark the approval reverted. The caller has checked that the county is the one the approval
   produced. */
rotas_rc rotas_store_revert_approval(rotas_store *s, long long id, const rotas_county *before,
                                     rotas_error *err);

/* *out = number of approvals in force (not reverted). */
rotas_rc rotas_store_count_approvals(rotas_store *s, long long *out, rotas_error *err);

#endif
