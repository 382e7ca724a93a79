/**
 * The five decay rates of AfterImage (Kitsune): a statistic decays by 2^(-lambda * dt) with dt in
 * seconds, so lambda 5 forgets within ~0.2 s (half-life 1/lambda s) and lambda 0.01 within ~100 s.
 * `LAMBDA_TEXT` is how Python's str() prints each rate; Kitsune uses it in keys and column names.
 */
export const LAMBDAS: readonly number[] = [5, 3, 1, 0.1, 0.01];
export const LAMBDA_TEXT: readonly string[] = ["5", "3", "1", "0.1", "0.01"];
export const N_LAMBDAS = 5;
