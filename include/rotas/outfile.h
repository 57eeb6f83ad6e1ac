/*
 * rotas/outfile.h - output files that cannot hurt what is already there.
 *
 * Every file rotas writes goes through this module:
 * - "-" is standard output;
 * - an existing target that is not a regular file (a device such as /dev/null, a FIFO, a
 *   terminal) is written in place: it is never replaced by a regular file;
 * - a regular file (or a new one) is written to a fresh temporary file made with mkstemp in
 *   the target's folder, flushed with fsync and renamed over the target: a reader sees the
 *   old file or the new one, never a partial one. The temporary file is opened exclusively
 *   and never through a link planted at its name. An existing target keeps its permission
 *   bits; a new one gets 0666 less the umask. A symbolic link named as the target is
 *   replaced by the new file; the file it pointed to is not touched.
 * A write that fails (a full disk, /dev/full) is ROTAS_EIO, and the target is left as it was.
 */
#ifndef ROTAS_OUTFILE_H
#define ROTAS_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "rotas/error.h"

typedef struct rotas_outfile rotas_outfile;

/* Start writing path; write to rotas_outfile_stream(*out), then commit or abort. The caller
   owns *out until one of those. */
rotas_rc rotas_outfile_open(rotas_outfile **out, const char *path, rotas_error *err);
/* Start writing path for a library that opens files by name (libxlsxwriter, GLPK): it writes
   to rotas_outfile_name(*out), a file inside a new private (0700) folder next to the target;
   commit moves it into place (or copies it into a non-regular target). */
rotas_rc rotas_outfile_open_named(rotas_outfile **out, const char *path, rotas_error *err);
/* The stream to write to (borrowed; NULL for a named outfile). */
FILE *rotas_outfile_stream(rotas_outfile *o);
/* The file name to write to (borrowed; NULL for a stream outfile). */
const char *rotas_outfile_name(const rotas_outfile *o);
/* Flush, fsync and put the file in place; frees o whatever happens. ROTAS_EIO on failure
   (then the target is unchanged and the temporary file removed). */
rotas_rc rotas_outfile_commit(rotas_outfile *o, rotas_error *err);
/* Drop what was written: remove the temporary file, leave the target as it was. NULL-safe. */
void rotas_outfile_abort(rotas_outfile *o);

/* Write len bytes to path in one go (open, write, commit). */
rotas_rc rotas_outfile_write(const char *path, const void *data, size_t len, rotas_error *err);

/* 1 if the output path names an existing regular file that is the same file (same device
   and inode, whatever the links or spelling) as the existing file in_path; else 0. */
int rotas_outfile_same(const char *out_path, const char *in_path);

/* Check that dir is a folder rotas can write files into, or can be created (its parent is
   a writable folder). ROTAS_EIO with the reason otherwise. Creates nothing. */
rotas_rc rotas_outfile_check_dir(const char *dir, rotas_error *err);

#endif
