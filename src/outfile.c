/* outfile.c - safe output files: in place for devices and FIFOs, else mkstemp + fsync +
   rename in the target's folder, keeping the mode of the file replaced. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n_int.h"
#include "rotas/outfile.h"

enum { OUT_STDOUT, OUT_INPLACE, OUT_TEMP };

struct rotas_outfile {
    int kind;
    char *path;   /* the target */
    char *tmp;    /* OUT_TEMP: the temporary file; named: the file the library writes */
    char *tmpdir; /* named: the private folder holding tmp */
    FILE *f;      /* stream outfiles */
    int fd;       /* OUT_INPLACE: the target opened in place (named: until commit) */
    int keep;     /* 1: the target exists as a regular file: keep its mode and owner */
    struct stat st;
};

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* New "<dir of path>/.<base, at most 200 bytes>.XXXXXX" (dir "." when path has none). */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    if (blen > 200)
        blen = 200;
    size_t n = dlen + blen + 16;
    char *t = malloc(n);
    if (t)
        snprintf(t, n, "%.*s.%.*s.XXXXXX", (int)dlen, path, (int)blen, base);
    return t;
}

static void out_free(rotas_outfile *o)
{
    if (!o)
        return;
    if (o->f && o->f != stdout)
        fclose(o->f);
    if (o->fd >= 0)
        close(o->fd);
    if (o->tmp)
        unlink(o->tmp);
    if (o->tmpdir)
        rmdir(o->tmpdir);
    free(o->tmp);
    free(o->tmpdir);
    free(o->path);
    free(o);
}

/* Decide the kind of target; open it in place if it is not a regular file. */
static rotas_rc out_start(rotas_outfile **out, const char *path, int named, rotas_error *err)
{
    *out = NULL;
    rotas_outfile *o = calloc(1, sizeof *o);
    if (!o || !(o->path = dup_str(path))) {
        free(o);
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    }
    o->fd = -1;
    if (!path[0]) {
        out_free(o);
        return rotas_error_set(err, ROTAS_EINPUT, _("an empty output file name"));
    }
    if (!strcmp(path, "-")) {
        o->kind = OUT_STDOUT;
    } else if (stat(path, &o->st) == 0 && !S_ISREG(o->st.st_mode)) {
        if (S_ISDIR(o->st.st_mode)) {
            out_free(o);
            return rotas_error_set(err, ROTAS_EIO, _("%s: cannot write: it is a folder"), path);
        }
        o->kind = OUT_INPLACE;
        o->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (o->fd < 0) {
            int e = errno;
            out_free(o);
            return rotas_error_set(err, ROTAS_EIO, _("%s: cannot write: %s"), path, strerror(e));
        }
    } else {
        o->kind = OUT_TEMP;
        o->keep = stat(path, &o->st) == 0 && S_ISREG(o->st.st_mode);
    }
    if (!named && o->kind == OUT_STDOUT)
        o->f = stdout;
    if (!named && o->kind == OUT_INPLACE) {
        o->f = fdopen(o->fd, "wb");
        if (!o->f) {
            out_free(o);
            return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
        }
        o->fd = -1; /* owned by f now */
    }
    *out = o;
    return ROTAS_OK;
}

rotas_rc rotas_outfile_open(rotas_outfile **out, const char *path, rotas_error *err)
{
    rotas_outfile *o = NULL;
    rotas_rc rc = out_start(&o, path, 0, err);
    if (rc != ROTAS_OK || o->kind != OUT_TEMP) {
        *out = o;
        return rc;
    }
    o->tmp = temp_template(path);
    if (!o->tmp) {
        out_free(o);
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    }
    /* mkstemp: O_CREAT | O_EXCL, so a link planted at the name is never followed */
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        out_free(o);
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot write: %s"), path, strerror(e));
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        close(fd);
        out_free(o);
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    }
    *out = o;
    return ROTAS_OK;
}

rotas_rc rotas_outfile_open_named(rotas_outfile **out, const char *path, rotas_error *err)
{
    rotas_outfile *o = NULL;
    rotas_rc rc = out_start(&o, path, 1, err);
    if (rc != ROTAS_OK) {
        *out = NULL;
        return rc;
    }
    if (o->kind == OUT_TEMP) {
        o->tmpdir = temp_template(path);
    } else {
        /* stdout or a device: write beside in the temporary folder, copy at commit */
        const char *td = getenv("TMPDIR");
        if (!td || !td[0])
            td = "/tmp";
        size_t n = strlen(td) + 32;
        o->tmpdir = malloc(n);
        if (o->tmpdir)
            snprintf(o->tmpdir, n, "%s/.rotas-out.XXXXXX", td);
    }
    if (!o->tmpdir) {
        out_free(o);
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    }
    if (!mkdtemp(o->tmpdir)) {
        int e = errno;
        free(o->tmpdir);
        o->tmpdir = NULL;
        out_free(o);
        return rotas_error_set(err, ROTAS_EIO, _("%s: cannot write: %s"), path, strerror(e));
    }
    size_t n = strlen(o->tmpdir) + 8;
    o->tmp = malloc(n);
    if (!o->tmp) {
        out_free(o);
        return rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
    }
    snprintf(o->tmp, n, "%s/out", o->tmpdir);
    *out = o;
    return ROTAS_OK;
}

FILE *rotas_outfile_stream(rotas_outfile *o)
{
    return o && !o->tmpdir ? o->f : NULL;
}

const char *rotas_outfile_name(const rotas_outfile *o)
{
    return o && o->tmpdir ? o->tmp : NULL;
}

void rotas_outfile_abort(rotas_outfile *o)
{
    out_free(o);
}

/* Give the temporary file the mode (and owner) of the target it replaces, or 0666 less the
   umask for a new one, and fsync it. */
static int settle(int fd, const rotas_outfile *o)
{
    if (o->keep) {
        if (fchmod(fd, o->st.st_mode & 07777) != 0)
            return -1;
        if (fchown(fd, o->st.st_uid, o->st.st_gid) != 0) {
            /* not allowed to give it away: keep ours, and the mode bits already set */
        }
    } else {
        mode_t m = umask(0);
        umask(m);
        if (fchmod(fd, 0666 & ~m) != 0)
            return -1;
    }
    return fsync(fd);
}

static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? malloc((size_t)(slash - path) + 2) : NULL;
    if (slash && !dir)
        return;
    if (dir) {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Copy the named file's bytes to f (stdout or a device). */
static int copy_to(const char *from, FILE *f)
{
    int fd = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[65536];
    ssize_t r;
    int bad = 0;
    while ((r = read(fd, buf, sizeof buf)) > 0)
        if (fwrite(buf, 1, (size_t)r, f) != (size_t)r) {
            bad = 1;
            break;
        }
    if (r < 0)
        bad = 1;
    close(fd);
    return bad ? -1 : 0;
}

rotas_rc rotas_outfile_commit(rotas_outfile *o, rotas_error *err)
{
    if (!o)
        return rotas_error_set(err, ROTAS_ERR, _("no output file"));
    rotas_rc rc = ROTAS_OK;
    const char *path = o->path;
    int e = 0;
    errno = 0;
    if (o->tmpdir && o->kind != OUT_TEMP) {
        /* named, to stdout or a device: copy the finished file there */
        FILE *f = o->kind == OUT_STDOUT ? stdout : fdopen(o->fd, "wb");
        if (!f) {
            rc = rotas_error_set(err, ROTAS_ENOMEM, _("%s: out of memory"), path);
            goto done;
        }
        if (f != stdout)
            o->fd = -1;
        o->f = f;
        if (copy_to(o->tmp, f) != 0)
            e = errno ? errno : EIO;
    }
    if (o->f) {
        if (fflush(o->f) != 0 || ferror(o->f))
            e = e ? e : (errno ? errno : EIO);
        if (o->kind == OUT_TEMP && !e && settle(fileno(o->f), o) != 0)
            e = errno;
        if (o->f != stdout) {
            if (fclose(o->f) != 0 && !e)
                e = errno ? errno : EIO;
        }
        o->f = NULL;
    } else if (o->kind == OUT_TEMP) {
        /* named: the library closed its file; settle it without following a link */
        int fd = open(o->tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 || settle(fd, o) != 0)
            e = errno ? errno : EIO;
        if (fd >= 0)
            close(fd);
    }
    if (e) {
        rc = rotas_error_set(err, ROTAS_EIO, "%s: %s: %s",
                             o->kind == OUT_STDOUT ? "standard output" : path, "write failed",
                             strerror(e));
        goto done;
    }
    if (o->kind == OUT_TEMP) {
        if (rename(o->tmp, path) != 0) {
            e = errno;
            rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot put the file in place: %s"), path,
                                 strerror(e));
            goto done;
        }
        free(o->tmp);
        o->tmp = NULL;
        sync_dir(path);
    }
done:
    out_free(o);
    return rc;
}

rotas_rc rotas_outfile_write(const char *path, const void *data, size_t len, rotas_error *err)
{
    rotas_outfile *o = NULL;
    rotas_rc rc = rotas_outfile_open(&o, path, err);
    if (rc != ROTAS_OK)
        return rc;
    FILE *f = rotas_outfile_stream(o);
    if (len && fwrite(data, 1, len, f) != len) {
        int e = errno ? errno : EIO;
        rotas_outfile_abort(o);
        return rotas_error_set(err, ROTAS_EIO, _("%s: write failed: %s"),
                               strcmp(path, "-") ? path : "standard output", strerror(e));
    }
    return rotas_outfile_commit(o, err);
}

int rotas_outfile_same(const char *out_path, const char *in_path)
{
    struct stat a, b;
    if (!out_path || !in_path || !strcmp(out_path, "-") || !strcmp(in_path, "-"))
        return 0;
    if (stat(out_path, &a) != 0 || stat(in_path, &b) != 0)
        return 0;
    return S_ISREG(a.st_mode) && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

rotas_rc rotas_outfile_check_dir(const char *dir, rotas_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return rotas_error_set(err, ROTAS_EINPUT, _("%s: expected a folder, found a file"),
                                   dir);
        if (access(dir, W_OK | X_OK) != 0)
            return rotas_error_set(err, ROTAS_EIO, _("%s: cannot write into it: %s"), dir,
                                   strerror(errno));
        return ROTAS_OK;
    }
    if (errno != ENOENT)
        return rotas_error_set(err, ROTAS_EIO, "%s: %s", dir, strerror(errno));
    /* to be created: its parent must be a writable folder */
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    while (n > 0 && dir[n - 1] != '/')
        n--;
    char *parent = malloc(n + 2);
    if (!parent)
        return rotas_error_set(err, ROTAS_ENOMEM, _("out of memory"));
    if (n == 0)
        strcpy(parent, ".");
    else {
        memcpy(parent, dir, n);
        parent[n] = '\0';
    }
    rotas_rc rc = ROTAS_OK;
    if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode))
        rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot create it: %s is not a folder"), dir,
                             parent);
    else if (access(parent, W_OK | X_OK) != 0)
        rc = rotas_error_set(err, ROTAS_EIO, _("%s: cannot create it in %s: %s"), dir, parent,
                             strerror(errno));
    free(parent);
    return rc;
}
