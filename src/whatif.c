/*
 * whatif.c - the what-if batch: input hashes, the cache, shards and worker processes.
 *
 * The parent applies every scenario first (all problems reported before anything runs), then
 * forks one worker per scenario, at most opt->workers at a time. The parent never calls GLPK:
 * planners run only in workers, so a worker starts from a clean solver state, and a crash or a
 * time-out kills one scenario, never the batch. A worker sends its row as JSON text through a
 * pipe; the parent stores each row in the run table as soon as it is known.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i18n_int.h"
#include "rotas/json.h"
#include "rotas/whatif.h"
#include "whatif_int.h"

/* ------------------------------------------------------------------ input hash */

typedef struct fnv {
    uint64_t h;
} fnv;

static void fnv_bytes(fnv *f, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        f->h ^= b[i];
        f->h *= 1099511628211ull;
    }
}

/* Strings are length-prefixed, NULL differs from "". */
static void fnv_str(fnv *f, const char *s)
{
    char len[24];
    if (!s) {
        fnv_bytes(f, "N", 1);
        return;
    }
    snprintf(len, sizeof len, "S%zu:", strlen(s));
    fnv_bytes(f, len, strlen(len));
    fnv_bytes(f, s, strlen(s));
}

static void fnv_int(fnv *f, long long v)
{
    char b[32];
    snprintf(b, sizeof b, "I%lld;", v);
    fnv_bytes(f, b, strlen(b));
}

static void fnv_num(fnv *f, double v)
{
    char b[40];
    snprintf(b, sizeof b, "D%.17g;", v);
    fnv_bytes(f, b, strlen(b));
}

static void hash_county(fnv *f, const rotas_county *c)
{
    fnv_str(f, c->name);
    fnv_int(f, c->year);
    fnv_str(f, c->extra);
    fnv_int(f, (long long)c->n_subjects);
    for (size_t i = 0; i < c->n_subjects; i++) {
        const rotas_subject *s = &c->subjects[i];
        fnv_str(f, s->id);
        fnv_str(f, s->name);
        fnv_int(f, s->shortage);
        fnv_str(f, s->extra);
    }
    fnv_int(f, (long long)c->n_clusters);
    for (size_t i = 0; i < c->n_clusters; i++) {
        const rotas_cluster *s = &c->clusters[i];
        fnv_str(f, s->id);
        fnv_str(f, s->name);
        fnv_int(f, s->central);
        fnv_int(f, s->declared);
        fnv_str(f, s->extra);
    }
    fnv_int(f, (long long)c->n_groups);
    for (size_t i = 0; i < c->n_groups; i++) {
        fnv_str(f, c->groups[i].id);
        fnv_str(f, c->groups[i].extra);
    }
    fnv_int(f, (long long)c->n_schools);
    for (size_t i = 0; i < c->n_schools; i++) {
        const rotas_school *s = &c->schools[i];
        fnv_str(f, s->id);
        fnv_str(f, s->name);
        fnv_int(f, s->kind);
        fnv_int(f, s->area);
        fnv_int(f, s->cluster);
        fnv_int(f, s->group);
        fnv_int(f, s->hardship);
        fnv_num(f, s->lat);
        fnv_num(f, s->lon);
        fnv_int(f, s->students);
        fnv_int(f, s->staff_quota);
        fnv_int(f, (long long)s->n_bell);
        for (size_t b = 0; s->bell && b < s->n_bell; b++) {
            fnv_int(f, s->bell[b].start);
            fnv_int(f, s->bell[b].end);
        }
        fnv_str(f, s->extra);
    }
    fnv_int(f, (long long)c->n_classes);
    for (size_t i = 0; i < c->n_classes; i++) {
        const rotas_class *k = &c->classes[i];
        fnv_str(f, k->id);
        fnv_int(f, k->school);
        fnv_int(f, (long long)k->n_grades);
        for (size_t g = 0; g < k->n_grades && g < ROTAS_MAX_GRADE; g++)
            fnv_int(f, k->grades[g]);
        fnv_int(f, k->students);
        fnv_str(f, k->extra);
    }
    fnv_int(f, (long long)c->n_travel);
    for (size_t i = 0; i < c->n_travel; i++) {
        const rotas_travel *t = &c->travel[i];
        fnv_int(f, t->from);
        fnv_int(f, t->to);
        fnv_num(f, t->km);
        fnv_num(f, t->minutes);
        fnv_str(f, t->extra);
    }
    fnv_int(f, (long long)c->n_curriculum);
    for (size_t i = 0; i < c->n_curriculum; i++) {
        const rotas_curriculum_row *r = &c->curriculum[i];
        fnv_int(f, r->grade);
        fnv_int(f, r->subject);
        fnv_int(f, r->periods);
        fnv_str(f, r->extra);
    }
    fnv_int(f, (long long)c->n_teachers);
    for (size_t i = 0; i < c->n_teachers; i++) {
        const rotas_teacher *t = &c->teachers[i];
        fnv_str(f, t->id);
        fnv_str(f, t->name);
        fnv_int(f, t->gender);
        fnv_int(f, t->birth_year);
        fnv_int(f, t->school);
        fnv_int(f, (long long)t->n_subjects);
        for (size_t k = 0; k < t->n_subjects; k++)
            fnv_int(f, t->subjects[k]);
        fnv_int(f, t->role);
        fnv_int(f, t->school_since);
        fnv_int(f, t->post_since);
        fnv_int(f, t->key);
        fnv_int(f, t->key_is_bool);
        fnv_str(f, t->title);
        fnv_str(f, t->degree);
        fnv_int(f, t->degree_level);
        fnv_str(f, t->exempt);
        fnv_int(f, t->exchange_until);
        fnv_int(f, (long long)t->n_preferences);
        for (size_t k = 0; k < t->n_preferences; k++)
            fnv_int(f, t->preferences[k]);
        fnv_int(f, t->max_periods);
        fnv_str(f, t->extra);
    }
}

void rotas_whatif_hash(char out[17], const rotas_county *c, const rotas_policy *p,
                       const rotas_whatif_jobs *jobs, const char *version)
{
    fnv f = {14695981039346656037ull};
    fnv_str(&f, "rotas-whatif-input/1");
    hash_county(&f, c);
    char *pj = rotas_policy_dump_json(p);
    if (pj) {
        fnv_str(&f, pj);
        free(pj);
    } else {
        /* out of memory: a hash that cannot match anything stored */
        fnv_num(&f, (double)clock());
        fnv_int(&f, (long long)getpid());
    }
    fnv_int(&f, jobs ? jobs->plan : 1);
    fnv_int(&f, jobs ? jobs->tt_all : 0);
    fnv_int(&f, jobs ? (long long)jobs->n_tt_clusters : 0);
    for (size_t i = 0; jobs && i < jobs->n_tt_clusters; i++)
        fnv_str(&f, jobs->tt_clusters[i]);
    fnv_str(&f, version ? version : "");
    snprintf(out, 17, "%016llx", (unsigned long long)f.h);
}

/* ------------------------------------------------------------------ the batch */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct item {
    size_t index; /* in the scenario file */
    rotas_county *county;
    rotas_policy policy;
    const rotas_whatif_jobs *jobs;
    char hash[17];
    double wall;
    int have; /* row known */
    rotas_whatif_row row;
} item;

typedef struct worker {
    pid_t pid; /* 0: free slot */
    int fd;
    size_t item;
    double start;
    char *buf;
    size_t len, cap;
} worker;

void rotas_whatif_result_clear(rotas_whatif_result *r)
{
    if (!r)
        return;
    free(r->rows);
    memset(r, 0, sizeof *r);
}

static void row_init(rotas_whatif_row *row, const char *name, const char *hash)
{
    memset(row, 0, sizeof *row);
    snprintf(row->name, sizeof row->name, "%s", name);
    snprintf(row->hash, sizeof row->hash, "%s", hash);
    snprintf(row->status, sizeof row->status, "ok");
}

static void write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

/* A worker never outlives the batch: if the parent dies by a signal it cannot catch (SIGKILL,
   or a crash), the kernel sends the worker SIGKILL (Linux); if it is already gone, go now. */
static pid_t batch_pid; /* the parent's pid, set before each fork (the child inherits it) */

static void worker_die_with_parent(void)
{
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != batch_pid)
        _exit(1);
#endif
}

/* In the worker: run, send the row, never return. */
static void worker_main(int fd, const item *it, const char *name, const rotas_whatif_options *opt)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    worker_die_with_parent();
    const char *crash = getenv("ROTAS_TEST_CRASH_SCENARIO");
    if (crash && !strcmp(crash, name))
        abort(); /* test hook: a worker that dies */
    const char *slow = getenv("ROTAS_TEST_SLOW_SCENARIO");
    if (slow && !strcmp(slow, name))
        sleep(60); /* test hook: a worker that hangs (for time-outs and Ctrl-C) */
    rotas_whatif_row row;
    rotas_error err = {0};
    row_init(&row, name, it->hash);
    rotas_rc rc = opt->runner(&row, it->county, &it->policy, it->jobs, opt->runner_ctx, &err);
    snprintf(row.name, sizeof row.name, "%s", name);
    snprintf(row.hash, sizeof row.hash, "%s", it->hash);
    row.cached = 0;
    if (rc != ROTAS_OK) {
        snprintf(row.status, sizeof row.status, "failed");
        snprintf(row.error, sizeof row.error, "%.500s", err.msg[0] ? err.msg : "failed");
    }
    char *json = rotas_whatif_row_to_json(&row);
    if (!json)
        _exit(3);
    write_all(fd, json, strlen(json));
    free(json);
    close(fd);
    _exit(0);
}

static void finish(item *it, const char *status, const char *error, double seconds)
{
    it->have = 1;
    snprintf(it->row.status, sizeof it->row.status, "%s", status);
    snprintf(it->row.error, sizeof it->row.error, "%s", error ? error : "");
    it->row.seconds = seconds;
}

/* Store a finished row; a store failure is remembered in err but does not stop the batch. */
static void store_row(const rotas_whatif_options *opt, const item *it, rotas_error *err,
                      rotas_rc *store_rc)
{
    if (!opt->runs)
        return;
    char *json = rotas_whatif_row_to_json(&it->row);
    rotas_rc rc = json ? rotas_runs_put(opt->runs, it->row.name, it->row.hash, (long)it->index,
                                        it->row.status, json, err)
                       : rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    if (rc != ROTAS_OK && *store_rc == ROTAS_OK)
        *store_rc = rc;
    free(json);
}

/* 1 if sig is one that stops a whole batch (Ctrl-C, a job scheduler's cancel, a shutdown):
   it reaches the workers too, and their scenarios are unfinished, not failed. */
static int stop_signal(int sig)
{
    return sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT;
}

/* Collect a finished worker into its item; 0 when the worker was stopped by a stop signal
   (the scenario is left unfinished: no row, a rerun does it), else 1. */
static int reap(worker *w, item *it, int killed_for_timeout)
{
    int final = 1;
    int status = 0;
    double secs = now_s() - w->start;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (w->fd >= 0)
        close(w->fd);
    w->fd = -1;
    if (killed_for_timeout) {
        char msg[128];
        snprintf(msg, sizeof msg, "no result within the wall limit of %.0f s; worker killed",
                 it->wall);
        finish(it, "timeout", msg, secs);
    } else if (WIFSIGNALED(status) && stop_signal(WTERMSIG(status))) {
        final = 0;
    } else if (WIFSIGNALED(status)) {
        char msg[160];
        snprintf(msg, sizeof msg, "worker died: signal %d (%s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
        finish(it, "failed", msg, secs);
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || w->len == 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "worker exited with status %d and no result",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        finish(it, "failed", msg, secs);
    } else {
        rotas_error perr = {0};
        char *text = w->buf;
        text[w->len] = '\0';
        if (rotas_whatif_row_from_json(&it->row, text, &perr) != ROTAS_OK) {
            char msg[sizeof perr.msg + 32];
            snprintf(msg, sizeof msg, "worker sent a bad row: %s", perr.msg);
            finish(it, "failed", msg, secs);
        } else {
            it->have = 1;
            it->row.seconds = secs;
            it->row.cached = 0;
        }
    }
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
    w->pid = 0;
    return final;
}

static int stopped(const rotas_whatif_options *opt)
{
    return opt->stop && *opt->stop;
}

rotas_rc rotas_whatif_run(rotas_whatif_result *out, const rotas_scenario_set *s,
                          const rotas_county *base, const rotas_policy *policy,
                          const rotas_whatif_options *opt, rotas_diags *diags, rotas_error *err)
{
    rotas_rc rc = ROTAS_OK, store_rc = ROTAS_OK;
    size_t n = rotas_scenarios_count(s), n_sel = 0;
    item *items = NULL;
    worker *ws = NULL;
    int nw = opt->workers > 0 ? (opt->workers < 64 ? opt->workers : 64) : 1;
    memset(out, 0, sizeof *out);
    if (!opt->runner)
        return rotas_error_set(err, ROTAS_ERR, _("what-if: no runner"));
    if (opt->shard_n < 0 || (opt->shard_n > 0 && (opt->shard_k < 1 || opt->shard_k > opt->shard_n)))
        return rotas_error_set(err, ROTAS_EINPUT, _("shard %d/%d: expected K/N with 1 <= K <= N"),
                               opt->shard_k, opt->shard_n);
    items = calloc(n ? n : 1, sizeof *items);
    ws = calloc((size_t)nw, sizeof *ws);
    if (!items || !ws) {
        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }

    /* 1. Apply every scenario (also those of other shards: a file is valid or not). */
    size_t problems = 0;
    for (size_t i = 0; i < n; i++) {
        int mine = opt->shard_n <= 0 || (int)(i % (size_t)opt->shard_n) == opt->shard_k - 1;
        rotas_policy p;
        rotas_county *c = NULL;
        rotas_rc r =
            rotas__scenario_prepare(&c, &p, s, i, base, policy, opt->time_limit, diags, err);
        if (r == ROTAS_EINPUT) {
            problems++;
            continue;
        }
        if (r != ROTAS_OK) {
            rc = r;
            goto done;
        }
        if (!mine) {
            rotas_county_free(c);
            continue;
        }
        item *it = &items[n_sel++];
        it->index = i;
        it->county = c;
        it->policy = p;
        it->jobs = rotas_scenarios_jobs(s, i);
    }
    if (problems) {
        rc = rotas_error_set(err, ROTAS_EINPUT,
                             P_("%zu scenario with errors; nothing was run",
                                "%zu scenarios with errors; nothing was run", (problems)),
                             problems);
        goto done;
    }
    out->n_selected = n_sel;

    /* 2. Hashes, wall limits and the cache. */
    size_t done_rows = 0;
    for (size_t k = 0; k < n_sel; k++) {
        item *it = &items[k];
        const char *name = rotas_scenarios_name(s, it->index);
        rotas_whatif_hash(it->hash, it->county, &it->policy, it->jobs, opt->version);
        size_t njobs = (size_t)(it->jobs->plan ? 1 : 0) +
                       (it->jobs->tt_all ? it->county->n_clusters : it->jobs->n_tt_clusters);
        it->wall = opt->wall_limit > 0
                       ? opt->wall_limit
                       : it->policy.time_limit_seconds * (double)(njobs ? njobs : 1) * 1.25 + 10.0;
        row_init(&it->row, name, it->hash);
        if (!opt->runs)
            continue;
        char *json = NULL;
        rotas_error e = {0};
        if (rotas_runs_get(opt->runs, name, it->hash, &json, &e) != ROTAS_OK) {
            rc = rotas_error_set(err, e.code, "%s", e.msg);
            goto done;
        }
        if (json && rotas_whatif_row_from_json(&it->row, json, NULL) == ROTAS_OK) {
            it->have = 1;
            it->row.cached = 1;
            out->n_cached++;
            done_rows++;
            if (opt->on_row)
                opt->on_row(opt->on_row_ctx, &it->row, done_rows, n_sel);
        } else {
            row_init(&it->row, name, it->hash);
        }
        free(json);
    }

    /* 3. Workers. */
    for (int w = 0; w < nw; w++)
        ws[w].fd = -1;
    size_t next = 0;
    int active = 0;
    for (;;) {
        if (stopped(opt)) {
            for (int w = 0; w < nw; w++)
                if (ws[w].pid > 0) {
                    kill(ws[w].pid, SIGKILL);
                    int st;
                    while (waitpid(ws[w].pid, &st, 0) < 0 && errno == EINTR)
                        ;
                    close(ws[w].fd);
                    free(ws[w].buf);
                    ws[w] = (worker){0};
                    ws[w].fd = -1;
                }
            out->interrupted = 1;
            break;
        }
        while (active < nw) {
            while (next < n_sel && items[next].have)
                next++;
            if (next >= n_sel)
                break;
            int w = 0;
            while (ws[w].pid > 0)
                w++;
            int pfd[2];
            if (pipe(pfd) != 0) {
                rc = rotas_error_set(err, ROTAS_ERR, _("pipe: %s"), strerror(errno));
                goto stop_all;
            }
            fflush(NULL);
            batch_pid = getpid();
            pid_t pid = fork();
            if (pid < 0) {
                close(pfd[0]);
                close(pfd[1]);
                rc = rotas_error_set(err, ROTAS_ERR, _("fork: %s"), strerror(errno));
                goto stop_all;
            }
            if (pid == 0) {
                close(pfd[0]);
                for (int o = 0; o < nw; o++)
                    if (ws[o].pid > 0)
                        close(ws[o].fd);
                worker_main(pfd[1], &items[next], rotas_scenarios_name(s, items[next].index), opt);
            }
            close(pfd[1]);
            ws[w] = (worker){.pid = pid, .fd = pfd[0], .item = next, .start = now_s()};
            out->n_solved++;
            active++;
            next++;
        }
        if (active == 0)
            break;
        struct pollfd pf[64];
        int map[64], np = 0;
        for (int w = 0; w < nw && np < 64; w++)
            if (ws[w].pid > 0) {
                pf[np] = (struct pollfd){.fd = ws[w].fd, .events = POLLIN};
                map[np++] = w;
            }
        int pr = poll(pf, (nfds_t)np, 100);
        if (pr < 0 && errno != EINTR) {
            rc = rotas_error_set(err, ROTAS_ERR, _("poll: %s"), strerror(errno));
            goto stop_all;
        }
        double t = now_s();
        for (int q = 0; q < np; q++) {
            worker *wk = &ws[map[q]];
            item *it = &items[wk->item];
            int finished = 0, timeout = 0;
            if (pr > 0 && (pf[q].revents & (POLLIN | POLLHUP | POLLERR))) {
                if (wk->cap - wk->len < 4097) {
                    size_t cap = wk->cap ? wk->cap * 2 : 16384;
                    char *nb = realloc(wk->buf, cap);
                    if (!nb) {
                        rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
                        goto stop_all;
                    }
                    wk->buf = nb;
                    wk->cap = cap;
                }
                ssize_t got = read(wk->fd, wk->buf + wk->len, wk->cap - wk->len - 1);
                if (got > 0)
                    wk->len += (size_t)got;
                else if (got == 0 || errno != EINTR)
                    finished = 1;
            }
            if (!finished && t - wk->start > it->wall) {
                kill(wk->pid, SIGKILL);
                finished = timeout = 1;
            }
            if (!finished)
                continue;
            if (!wk->buf) {
                wk->buf = malloc(1);
                if (!wk->buf) {
                    rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
                    goto stop_all;
                }
                wk->cap = 1;
            }
            active--;
            if (!reap(wk, it, timeout)) {
                /* a stop signal: the batch's own (it arrives here too, maybe a moment later)
                   leaves the scenario unfinished; one sent to the worker alone is a failure */
                if (!stopped(opt))
                    nanosleep(&(struct timespec){0, 100000000L}, NULL);
                if (stopped(opt))
                    continue;
                finish(it, "failed", "worker stopped by a signal", now_s() - wk->start);
            }
            if (!strcmp(it->row.status, "timeout"))
                out->n_timeout++;
            else if (strcmp(it->row.status, "ok") != 0)
                out->n_failed++;
            store_row(opt, it, err, &store_rc);
            done_rows++;
            if (opt->on_row)
                opt->on_row(opt->on_row_ctx, &it->row, done_rows, n_sel);
        }
    }
    goto collect;

stop_all:
    for (int w = 0; w < nw; w++)
        if (ws[w].pid > 0) {
            int st;
            kill(ws[w].pid, SIGKILL);
            while (waitpid(ws[w].pid, &st, 0) < 0 && errno == EINTR)
                ;
            close(ws[w].fd);
            free(ws[w].buf);
            ws[w].pid = 0;
        }
collect:
    out->rows = calloc(n_sel ? n_sel : 1, sizeof *out->rows);
    if (!out->rows) {
        if (rc == ROTAS_OK)
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
        goto done;
    }
    for (size_t k = 0; k < n_sel; k++)
        if (items[k].have)
            out->rows[out->n_rows++] = items[k].row;
    if (rc == ROTAS_OK && out->interrupted)
        rc = rotas_error_set(err, ROTAS_EINTR, _("interrupted: %zu of %zu scenarios finished"),
                             out->n_rows, n_sel);
    if (rc == ROTAS_OK && store_rc != ROTAS_OK)
        rc = store_rc;
done:
    for (size_t k = 0; k < n; k++)
        rotas_county_free(items ? items[k].county : NULL);
    free(items);
    free(ws);
    return rc;
}
