/* render_csv.c - plan and timetable lists as CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n_int.h"
#include "render_int.h"
#include "rotas/outfile.h"

/* The table as CSV text into b (BOM, header, rows, CRLF). */
static void table_csv(rotas__buf *b, const rotas__table *t, rotas_lang lang)
{
    rotas__buf_puts(b, "\xEF\xBB\xBF");
    for (size_t j = 0; j < t->n_cols; j++) {
        if (j)
            rotas__buf_puts(b, ",");
        rotas__csv_field(b, rotas__label(t->heads[j], lang));
    }
    rotas__buf_puts(b, "\r\n");
    size_t rows = rotas__table_rows(t);
    for (size_t i = 0; i < rows; i++) {
        for (size_t j = 0; j < t->n_cols; j++) {
            if (j)
                rotas__buf_puts(b, ",");
            const rotas__cell *cell = rotas__table_cell(t, i, j);
            if (cell->is_num)
                rotas__csv_number(b, cell->text);
            else
                rotas__csv_field(b, cell->text);
        }
        rotas__buf_puts(b, "\r\n");
    }
}

static rotas_rc make_dir(const char *dir, rotas_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return rotas_error_set(err, ROTAS_EIO, _("%s: not a directory"), dir);
        return ROTAS_OK;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot create directory: %s"), dir,
                               strerror(errno));
    return ROTAS_OK;
}

static rotas_rc write_tables(rotas__table *tabs, size_t n, const char *dir, rotas_lang lang,
                             rotas_error *err)
{
    rotas_rc rc = make_dir(dir, err);
    rotas__buf b = {0};
    char *path = NULL;
    for (size_t i = 0; rc == ROTAS_OK && i < n; i++) {
        if (tabs[i].oom) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), dir);
            break;
        }
        rotas__buf_reset(&b);
        table_csv(&b, &tabs[i], lang);
        size_t pl = strlen(dir) + strlen(tabs[i].csv_name) + 8;
        free(path);
        path = malloc(pl);
        if (!path || b.oom) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), dir);
            break;
        }
        snprintf(path, pl, "%s/%s.csv", dir, tabs[i].csv_name);
        rc = rotas_outfile_write(path, rotas__buf_str(&b), b.len, err);
    }
    free(path);
    rotas__buf_free(&b);
    return rc;
}

rotas_rc rotas_render_plan_csv(const rotas_plan *p, const rotas_county *c, const char *dir,
                               rotas_lang lang, rotas_error *err)
{
    rotas__table tabs[6];
    rotas__plan_moves_table(&tabs[0], p, c, lang);
    rotas__plan_unfilled_table(&tabs[1], p, c, lang);
    rotas__plan_indicators_table(&tabs[2], p, lang);
    rotas__plan_summary_table(&tabs[3], p, c, lang);
    size_t n = 4;
    if (p->n_secondments)
        rotas__plan_secondments_table(&tabs[n++], p, c, lang);
    if (rotas__plan_n_dispatch(p))
        rotas__plan_dispatch_table(&tabs[n++], p, c, lang);
    rotas_rc rc = write_tables(tabs, n, dir, lang, err);
    for (size_t i = 0; i < n; i++)
        rotas__table_free(&tabs[i]);
    return rc;
}

rotas_rc rotas_render_timetable_csv(const rotas_timetable *t, const rotas_county *c,
                                    const char *dir, rotas_lang lang, rotas_error *err)
{
    rotas__table tabs[6];
    rotas__tt_lessons_table(&tabs[0], t, c, lang);
    rotas__tt_routes_table(&tabs[1], t, c, lang);
    rotas__tt_unscheduled_table(&tabs[2], t, c, lang);
    rotas__tt_summary_table(&tabs[3], t, c, lang);
    rotas__tt_load_table(&tabs[4], t, c, lang);
    rotas__tt_room_table(&tabs[5], t, c, lang);
    /* rooms.csv only where the schools have rooms */
    rotas_rc rc = write_tables(tabs, rotas__table_rows(&tabs[5]) > 0 ? 6 : 5, dir, lang, err);
    for (size_t i = 0; i < 6; i++)
        rotas__table_free(&tabs[i]);
    return rc;
}
