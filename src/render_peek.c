/* render_peek.c - the "format" and "county" of a result file, read before the county is. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n_int.h"
#include "rotas/json.h"
#include "rotas/render.h"

rotas_rc rotas_render_peek(const char *path, char **format, char **county, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK;
    json_error_t jerr;
    json_t *root = NULL;
    *format = NULL;
    *county = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: cannot open"), path);
        goto done;
    }
    if ((unsigned long long)st.st_size > ROTAS_JSON_MAX_BYTES) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: larger than %u bytes"), path,
                             ROTAS_JSON_MAX_BYTES);
        goto done;
    }
    root = json_load_file(path, 0, &jerr);
    if (!root) {
        rc = rotas_error_set(err, ROTAS_EINPUT, "%s:%d:%d: %s", path, jerr.line, jerr.column,
                             jerr.text);
        goto done;
    }
    if (!json_is_object(root)) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: expected a JSON object at the top"), path);
        goto done;
    }
    json_t *f = json_object_get(root, "format");
    if (f && !json_is_string(f)) {
        rc = rotas_error_set(err, ROTAS_EINPUT, _("%s: format: expected a string"), path);
        goto done;
    }
    json_t *c = json_object_get(root, "county");
    if (f) {
        *format = rotas_strdup(json_string_value(f));
        if (!*format)
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    }
    if (rc == ROTAS_OK && c && json_is_string(c)) {
        *county = rotas_strdup(json_string_value(c));
        if (!*county)
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    }
done:
    if (rc != ROTAS_OK) {
        free(*format);
        free(*county);
        *format = *county = NULL;
    }
    json_decref(root);
    return rc;
}
