/** Dense symmetric matrices are row-major Float64Arrays of n×n. */

/** In-place Cholesky: the lower triangle becomes L with A = L·Lᵀ. Returns false if A is not positive definite. */
export function cholesky(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s * inv;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b in place (b becomes x). */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[k];
    b[i] = s / l[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/** Inverse of a Cholesky-factored matrix (full symmetric result). */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolve(l, n, col);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  return inv;
}

/**
 * Entries of the sandwich A·G·A (A, G symmetric) on demand: B = A·G costs O(n³) once, then each
 * entry O(n) — the leaderboard needs only the diagonal and an anchor row, not all n² entries.
 */
export function sandwich(a: Float64Array, g: Float64Array, n: number): (i: number, j: number) => number {
  const ag = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ri + k];
      if (aik === 0) continue;
      const rk = k * n;
      for (let j = 0; j < n; j++) ag[ri + j] += aik * g[rk + j];
    }
  }
  return (i, j) => {
    let s = 0;
    const ri = i * n;
    // A is symmetric, so column j of A is row j.
    const rj = j * n;
    for (let k = 0; k < n; k++) s += ag[ri + k] * a[rj + k];
    return s;
  };
}
