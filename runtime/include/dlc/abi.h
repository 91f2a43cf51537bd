/* The contract between a library compiled by dlc and the code that loads it.
 *
 * A compiled model library (model.so, model.a or model.o) exports, for a
 * model whose C prefix is P (the model name, or `dlc --name`):
 *
 *   int P_run(const void *weights, void *arena,
 *             void *const *inputs, void *const *outputs);
 *       Runs the forward pass. `weights` is P_weights() (or a copy of
 *       those bytes, 64-byte aligned); `arena` is P_ARENA_BYTES of scratch memory
 *       aligned to DLC_ARENA_ALIGNMENT, owned by the caller and reused across
 *       calls; `inputs[i]` / `outputs[i]` point to dense row-major tensors in
 *       the order of the signature. Returns 0, or a non-zero kernel error
 *       code. Reentrant: calls with distinct arenas may run concurrently.
 *   int P_run_batch(const void *weights, void *arena, void *const *inputs,
 *                   void *const *outputs, uint64_t batch);
 *       Only in a library compiled with a dynamic batch (its signature has
 *       -1 as dimension 0 of the batched inputs and outputs): runs `batch`
 *       samples, inputs[i] / outputs[i] holding `batch` times the tensor's
 *       per-sample size (a tensor without the batch is given once). P_run
 *       then runs one sample. The arena's size does not depend on `batch`.
 *   const void *P_weights(void);          the embedded weights blob
 *   const unsigned char *P_signature(unsigned long long *size);
 *       stores the byte size in *size (must not be NULL) and returns
 *       a dlc model file (binary FlatBuffer, runtime/schema/model.fbs)
 *       holding the model's name, inputs, outputs and arena_bytes, without
 *       nodes or weights.
 *
 *   uint32_t P_library_entry(uint32_t abi_version, dlc_entry_points *out);
 *       Fills `out` (below); a shared library also exports it as
 *       dlc_library_entry(), so that a generic runtime finds these functions
 *       without knowing P, and an application linking a static library
 *       passes P_library_entry to dlc_model_from_entry.
 *
 * A training library (dlc --train) is the same with P_run running one
 * training step: its signature's inputs are the data, the target, the
 * learning rate and step number, then the parameters, optimizer state and
 * batch-norm statistics (each TensorInfo's `role` says which); its outputs
 * are the loss and the new values of those, under the same names. It also
 * exports P_eval_run (the forward in eval mode, taking the data, the
 * parameters and the statistics) with P_eval_signature, and P_model_file:
 * the model the step was built from (a dlc model file, or an ONNX model
 * whose float initializers are in raw_data), the initial values of the
 * parameters and the graph a checkpoint is saved with. The runtime's
 * dlc_trainer drives all of it (runtime.h).
 */
#ifndef DLC_ABI_H
#define DLC_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DLC_ABI_VERSION 3u
#define DLC_ARENA_ALIGNMENT 64u

typedef int (*dlc_run_fn)(const void *weights, void *arena, void *const *inputs,
                          void *const *outputs);
typedef int (*dlc_run_batch_fn)(const void *weights, void *arena, void *const *inputs,
                                void *const *outputs, uint64_t batch);

typedef struct dlc_entry_points {
  uint32_t abi_version;   /* DLC_ABI_VERSION of the library */
  uint32_t reserved;
  dlc_run_fn run;         /* P_run */
  const void *weights;    /* P_weights() */
  const uint8_t *signature;
  uint64_t signature_size;
  dlc_run_batch_fn run_batch; /* P_run_batch, or NULL without a dynamic batch */
  /* Training libraries (dlc --train), NULL / 0 otherwise: */
  dlc_run_fn eval_run;               /* P_eval_run: the forward in eval mode */
  const uint8_t *eval_signature;     /* its signature (a model file, as `signature`) */
  uint64_t eval_signature_size;
  const uint8_t *model_file;         /* the step's model (dlc model file or ONNX) */
  uint64_t model_file_size;
} dlc_entry_points;

/* Fills `out` and returns 0 when the library speaks `abi_version`, or
 * returns the library's own ABI version otherwise (and leaves `out` alone). */
typedef uint32_t (*dlc_library_entry_fn)(uint32_t abi_version, dlc_entry_points *out);
#define DLC_LIBRARY_ENTRY_SYMBOL "dlc_library_entry"

#ifdef __cplusplus
}
#endif

#endif /* DLC_ABI_H */
