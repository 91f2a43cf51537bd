/* The dlc runtime: loads a model library compiled by dlc (a shared library
 * exporting dlc_library_entry, see dlc/abi.h) and runs it.
 *
 * Conventions:
 *  - Every call that can fail returns a dlc_status*: NULL on success, or a
 *    status the caller owns and must release with dlc_status_free. Output
 *    parameters are written only on success.
 *  - Handles are opaque. A dlc_model may be shared by any number of threads
 *    (its query functions only read it). A dlc_session is used by one thread
 *    at a time; distinct sessions, even of the same model, are independent
 *    and may run concurrently.
 *  - A model must outlive every session created from it.
 *  - Tensors are dense, row-major, little-endian. Sizes are in bytes unless
 *    a name says otherwise.
 *  - Shapes are static, except that a library compiled with a dynamic
 *    batch has -1 as dimension 0 of its batched inputs and outputs: a
 *    session then runs any batch (dlc_session_set_batch, default 1).
 *
 * Typical use:
 *   dlc_model *model; dlc_session *session;
 *   dlc_model_load("model.so", &model);
 *   dlc_session_create(model, &session);
 *   dlc_session_set_input(session, 0, data, size);
 *   dlc_session_run(session);
 *   dlc_session_output(session, 0, &out, &out_size);
 *   dlc_session_free(session); dlc_model_free(model);
 * (each call's status checked and freed).
 */
#ifndef DLC_RUNTIME_H
#define DLC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#include "dlc/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ status */

/* The enum is deliberately not typedef'd: its tag shares the name of the
 * function dlc_status_code, so write `enum dlc_status_code`. */
enum dlc_status_code {
  DLC_OK = 0,
  DLC_INVALID_ARGUMENT, /* a bad argument: NULL handle, index out of range, wrong size */
  DLC_NOT_FOUND,        /* a named input or output does not exist */
  DLC_IO_ERROR,         /* the library cannot be opened or lacks its entry point */
  DLC_INCOMPATIBLE,     /* ABI version mismatch, bad signature, unsupported feature */
  DLC_RUNTIME_ERROR,    /* the compiled model returned a kernel error code */
  DLC_OUT_OF_MEMORY,    /* an allocation failed */
};

typedef struct dlc_status dlc_status;

/* The status's one-line message; owned by the status, valid until
 * dlc_status_free. Returns "" for a NULL status (success). */
const char *dlc_status_message(const dlc_status *status);

/* The status's code; DLC_OK for a NULL status. */
enum dlc_status_code dlc_status_code(const dlc_status *status);

/* Releases a status; NULL is accepted and ignored. */
void dlc_status_free(dlc_status *status);

/* ------------------------------------------------------------------- model */

/* Element types; values match the schema's DType (runtime/schema/model.fbs). */
typedef enum dlc_dtype {
  DLC_FLOAT32 = 0,
  DLC_INT32 = 1,
  DLC_INT64 = 2,
  DLC_FLOAT64 = 3,
} dlc_dtype;

/* Describes one input or output. Pointers are owned by the model and valid
 * until dlc_model_free. `shape` has `rank` entries (NULL when rank is 0). */
typedef struct dlc_tensor_info {
  const char *name;
  dlc_dtype dtype;
  int32_t rank;
  const int64_t *shape;
  uint64_t element_count; /* product of shape; 1 for rank 0; per sample when
                             shape[0] is -1 (the dynamic batch) */
  uint64_t byte_size;     /* element_count times the element size */
} dlc_tensor_info;

typedef struct dlc_model dlc_model;

/* Loads the compiled model library at `path` (dlopen with RTLD_NOW |
 * RTLD_LOCAL), checks its ABI version and reads its signature. On success
 * sets *out to a model the caller owns (release with dlc_model_free).
 * Fails with DLC_INVALID_ARGUMENT (NULL argument), DLC_IO_ERROR (cannot open
 * or no dlc_library_entry; the message names the path and dlerror()),
 * DLC_INCOMPATIBLE (ABI version mismatch, corrupt signature, dynamic
 * dimensions) or DLC_OUT_OF_MEMORY. Thread-safe. */
dlc_status *dlc_model_load(const char *path, dlc_model **out);

/* Same as dlc_model_load for a library linked into the program (a static
 * library or object compiled by dlc): `entry` is its P_library_entry and
 * `name` names it in messages. */
dlc_status *dlc_model_from_entry(dlc_library_entry_fn entry, const char *name, dlc_model **out);

/* Releases a model and unloads its library; NULL is ignored. Every session
 * of the model must be freed first. */
void dlc_model_free(dlc_model *model);

/* The model's name; owned by the model. "" for a NULL model. */
const char *dlc_model_name(const dlc_model *model);

/* Bytes of scratch arena a session of this model allocates; 0 for NULL. */
uint64_t dlc_model_arena_bytes(const dlc_model *model);

/* Number of inputs / outputs; 0 for a NULL model. */
size_t dlc_model_input_count(const dlc_model *model);
size_t dlc_model_output_count(const dlc_model *model);

/* Fills *out with input / output `index`'s description (pointers owned by
 * the model). DLC_INVALID_ARGUMENT for a NULL argument or an index out of
 * range. */
dlc_status *dlc_model_input_info(const dlc_model *model, size_t index, dlc_tensor_info *out);
dlc_status *dlc_model_output_info(const dlc_model *model, size_t index, dlc_tensor_info *out);

/* 1 when the model was compiled with a dynamic batch (dimension 0 of its
 * batched inputs and outputs is -1), else 0 (also for NULL). */
int dlc_model_has_dynamic_batch(const dlc_model *model);
/* Sets *index to the position of the input / output called `name`.
 * DLC_NOT_FOUND (the message lists the known names) when there is none;
 * DLC_INVALID_ARGUMENT for a NULL argument. */
dlc_status *dlc_model_find_input(const dlc_model *model, const char *name, size_t *index);
dlc_status *dlc_model_find_output(const dlc_model *model, const char *name, size_t *index);

/* ----------------------------------------------------------------- session */

typedef struct dlc_session dlc_session;

/* Creates a session of `model`: allocates its arena (aligned to
 * DLC_ARENA_ALIGNMENT and zero-filled now, so that its pages are touched at
 * creation rather than at the first run) and one 64-byte aligned buffer per
 * input and output, zero-filled. The session owns them; the caller owns the
 * session (release with dlc_session_free) and must keep `model` alive until
 * then. Fails with DLC_INVALID_ARGUMENT (NULL argument) or
 * DLC_OUT_OF_MEMORY. Thread-safe (the model is only read). */
dlc_status *dlc_session_create(dlc_model *model, dlc_session **out);

/* Sets the number of samples the next runs take: the batched inputs and
 * outputs are reallocated for `batch` samples (zero-filled; earlier inputs
 * are lost) unless the batch is unchanged. DLC_INVALID_ARGUMENT for NULL,
 * batch 0, or a batch other than 1 for a model without a dynamic batch;
 * DLC_OUT_OF_MEMORY when the buffers cannot be allocated (the session
 * keeps its previous batch then). */
dlc_status *dlc_session_set_batch(dlc_session *session, uint64_t batch);
/* The session's batch (1 until set); 0 for NULL. */
uint64_t dlc_session_batch(const dlc_session *session);
/* Releases a session and its buffers; NULL is ignored. */
void dlc_session_free(dlc_session *session);

/* Copies `byte_size` bytes from `data` into input `index`'s buffer; the
 * caller keeps ownership of `data`. DLC_INVALID_ARGUMENT for a NULL
 * argument, an index out of range, or a size other than the input's
 * byte_size (times the session's batch for a batched input; the message
 * names the input and both sizes). */
dlc_status *dlc_session_set_input(dlc_session *session, size_t index, const void *data,
                                  size_t byte_size);

/* Sets *data to input `index`'s buffer (owned by the session, byte_size
 * bytes, valid until dlc_session_free) so that the caller can fill it in
 * place. DLC_INVALID_ARGUMENT for a NULL argument or an index out of
 * range. */
dlc_status *dlc_session_input_buffer(dlc_session *session, size_t index, void **data);

/* Runs the model on the session's inputs, overwriting its outputs.
 * DLC_RUNTIME_ERROR (with the model's error code) when the model fails, in
 * which case the outputs are unspecified; DLC_INVALID_ARGUMENT for NULL. */
dlc_status *dlc_session_run(dlc_session *session);

/* Sets *data and *byte_size to output `index`'s buffer (owned by the
 * session, valid until dlc_session_free; its contents change at the next
 * run). DLC_INVALID_ARGUMENT for a NULL argument or an index out of range. */
dlc_status *dlc_session_output(const dlc_session *session, size_t index, const void **data,
                               size_t *byte_size);

/* ---------------------------------------------------------------- training */

/* A training session of a library compiled with `dlc --train`: it owns the
 * parameters (initialized from the model file the library was built
 * from), the optimizer state (zero), the batch-norm running statistics and
 * the step count. Each step reads the current values and writes the next
 * into a second copy, then swaps them: nothing is copied. Used by one
 * thread at a time, like a session. */
typedef struct dlc_trainer dlc_trainer;

/* 1 when `model` is a training library, else 0 (also for NULL). */
int dlc_model_is_training(const dlc_model *model);

/* Creates a trainer of training library `model` (which must outlive it).
 * DLC_INCOMPATIBLE when `model` is not a training library or its model file
 * lacks a parameter; DLC_OUT_OF_MEMORY. */
dlc_status *dlc_trainer_create(dlc_model *model, dlc_trainer **out);
void dlc_trainer_free(dlc_trainer *trainer);

/* The batch the step was compiled for; the data inputs (the model's inputs,
 * in order, with the batch as dimension 0), the target (int64 class indices
 * [N] for cross_entropy, else the output's shape) and the eval outputs. */
uint64_t dlc_trainer_batch(const dlc_trainer *trainer);
size_t dlc_trainer_data_count(const dlc_trainer *trainer);
dlc_status *dlc_trainer_data_info(const dlc_trainer *trainer, size_t index, dlc_tensor_info *out);
dlc_status *dlc_trainer_target_info(const dlc_trainer *trainer, dlc_tensor_info *out);
size_t dlc_trainer_output_count(const dlc_trainer *trainer);
dlc_status *dlc_trainer_output_info(const dlc_trainer *trainer, size_t index,
                                    dlc_tensor_info *out);
/* The learning rate given to dlc --train (--lr or the optimizer's default). */
double dlc_trainer_default_lr(const dlc_trainer *trainer);
/* Steps taken so far. */
uint64_t dlc_trainer_steps(const dlc_trainer *trainer);

/* One training step on a batch: `data[i]` points to data input i's bytes
 * and `target` to the target's; `lr` is this step's learning rate (the
 * application drives its schedule). Stores the batch's loss (before the
 * update) in *loss. DLC_RUNTIME_ERROR when the library fails. */
dlc_status *dlc_trainer_step(dlc_trainer *trainer, const void *const *data, const void *target,
                             float lr, float *loss);

/* The forward pass in eval mode (batch norm with the running statistics)
 * with the current parameters: data as for dlc_trainer_step, `outputs[i]`
 * receives eval output i. */
dlc_status *dlc_trainer_forward(dlc_trainer *trainer, const void *const *data,
                                void *const *outputs);

/* The parameters and batch-norm statistics, named as in the model (for an
 * ONNX model, the initializer's name, e.g. "conv1.weight"). */
size_t dlc_trainer_param_count(const dlc_trainer *trainer);
dlc_status *dlc_trainer_param_info(const dlc_trainer *trainer, size_t index, dlc_tensor_info *out);
/* Copies parameter `name`'s current value out / in; `byte_size` must be its
 * byte_size. DLC_NOT_FOUND for an unknown name. */
dlc_status *dlc_trainer_get_param(const dlc_trainer *trainer, const char *name, void *data,
                                  size_t byte_size);
dlc_status *dlc_trainer_set_param(dlc_trainer *trainer, const char *name, const void *data,
                                  size_t byte_size);

/* Writes a checkpoint: the model the library was built from (a dlc model
 * file, or an ONNX model) with the current parameters and statistics,
 * written to a temporary file and then renamed to `path`, so that
 * `dlc path -o model.so` compiles the trained model. DLC_INCOMPATIBLE for a
 * library compiled from ONNX by a dlc that embedded only its weights,
 * DLC_IO_ERROR. */
dlc_status *dlc_trainer_save(const dlc_trainer *trainer, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* DLC_RUNTIME_H */
