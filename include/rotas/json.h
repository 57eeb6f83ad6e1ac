/*
 * rotas/json.h - reading and writing the JSON formats: rotas-county/1, rotas-policy/1,
 * rotas-plan/1, rotas-timetable/1. The only module that knows jansson.
 *
 * Readers validate fully and report every problem they find into a rotas_diags list, each
 * message located by its JSON path: "teachers[41].school: expected a known school id, found
 * \"S999\"". A reader that found problems returns ROTAS_EINPUT and no object.
 */
#ifndef ROTAS_JSON_H
#define ROTAS_JSON_H

#include <stddef.h>

#include "rotas/county.h"
#include "rotas/error.h"
#include "rotas/policy.h"
#include "rotas/result.h"

/* Largest JSON input accepted (bytes); larger files are refused before parsing. */
#define ROTAS_JSON_MAX_BYTES (256u * 1024u * 1024u)

/* Read and validate a county. *out is new and finalized on success. Problems go to diags
   (may be NULL); err gets a one-line summary ("county.json: 3 errors"). */
rotas_rc rotas_county_read_json(rotas_county **out, const char *path, rotas_diags *diags,
                                rotas_error *err);
/* The same from a buffer (len bytes, need not be NUL-terminated); name is used in messages. */
rotas_rc rotas_county_read_json_buffer(rotas_county **out, const char *buf, size_t len,
                                       const char *name, rotas_diags *diags, rotas_error *err);
/* Write a county as rotas-county/1 (extra fields restored). path "-" = stdout. */
rotas_rc rotas_county_write_json(const rotas_county *c, const char *path, rotas_error *err);
/* The same into a new string (caller frees with free()). */
char *rotas_county_dump_json(const rotas_county *c);

/* Read a policy file over the defaults. Unknown keys and bad values go to diags. */
rotas_rc rotas_policy_read_json(rotas_policy *out, const char *path, rotas_diags *diags,
                                rotas_error *err);
/* Apply a JSON object text of policy keys onto *p (for what-if overrides). */
rotas_rc rotas_policy_apply_json(rotas_policy *p, const char *json_text, const char *where,
                                 rotas_diags *diags, rotas_error *err);
/* New string: the complete policy as a JSON object (caller frees). */
char *rotas_policy_dump_json(const rotas_policy *p);

/* Plans. The reader resolves ids against the county; unknown ids go to diags. */
rotas_rc rotas_plan_write_json(const rotas_plan *plan, const rotas_county *c, const char *path,
                               rotas_error *err);
char *rotas_plan_dump_json(const rotas_plan *plan, const rotas_county *c);
rotas_rc rotas_plan_read_json(rotas_plan **out, const rotas_county *c, const char *path,
                              rotas_diags *diags, rotas_error *err);

/* Timetables, likewise. */
rotas_rc rotas_timetable_write_json(const rotas_timetable *tt, const rotas_county *c,
                                    const char *path, rotas_error *err);
char *rotas_timetable_dump_json(const rotas_timetable *tt, const rotas_county *c);
rotas_rc rotas_timetable_read_json(rotas_timetable **out, const rotas_county *c, const char *path,
                                   rotas_diags *diags, rotas_error *err);

/* Bureau decisions file: {"format": "rotas-decisions/1", "decisions": [...]}, each entry as
   in the county's "decisions" array (see rotas/county.h). The decisions are validated against
   c (problems go to diags, located as "decisions[3].teacher") and appended to c->decisions;
   a county decision that names a teacher the file names is dropped (the file wins). On any
   problem c is left unchanged and ROTAS_EINPUT is returned. */
#define ROTAS_FORMAT_DECISIONS "rotas-decisions/1"
rotas_rc rotas_decisions_read_json(rotas_county *c, const char *path, rotas_diags *diags,
                                   rotas_error *err);

/* The top-level "format" string of a JSON file (e.g. "rotas-plan/1") into out (size n);
   ROTAS_EINPUT when the file is not a JSON object with a string "format". */
rotas_rc rotas_json_read_format(char *out, size_t n, const char *path, rotas_error *err);

#endif
