;; KitNET's scoring path (default mode) as WebAssembly with 128-bit SIMD: one call scores one
;; autoencoder; see ../wasm-exec.ts for the memory layout and why. Built into kitnet-exec-bytes.ts by
;; `npm run build:wasm` (scripts/build-wasm.mjs, using wabt); a test checks the two agree.
;;
;; Differences from the JavaScript path (ok for default mode, not used in compat mode): exp is our own
;; (Taylor degree 12 after range reduction, within 2 ulp of Math.exp, argument clamped to +-708), and
;; the decoder's and the RMSE's sums run in another order. Scores agree with the JavaScript path to ~1e-14.
(module
  (memory (export "memory") 1)
  ;; exp(x) for the sigmoid: x clamped to [-708, 708]; 2^k * p(r), r = x - k ln2, Taylor degree 12.
  (func $exp (param $x f64) (result f64)
    (local $k f64) (local $r f64) (local $p f64)
    (local.set $x (f64.max (f64.const -708) (f64.min (f64.const 708) (local.get $x))))
    (local.set $k (f64.nearest (f64.mul (local.get $x) (f64.const 1.4426950408889634))))
    (local.set $r (f64.sub (f64.sub (local.get $x) (f64.mul (local.get $k) (f64.const 0.6931471803691238)))
                           (f64.mul (local.get $k) (f64.const 1.9082149292705877e-10))))
    ;; Horner from the top: coefficients 1/12! .. 1/0!
    (local.set $p (f64.const 2.08767569878681e-9))
    (local.set $p (f64.add (f64.const 2.505210838544172e-8) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 2.755731922398589e-7) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 2.7557319223985893e-6) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 2.48015873015873e-5) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 1.984126984126984e-4) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 1.388888888888889e-3) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 8.333333333333333e-3) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 4.1666666666666664e-2) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 0.16666666666666666) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 0.5) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 1) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 1) (f64.mul (local.get $r) (local.get $p))))
    (f64.mul (local.get $p)
      (f64.reinterpret_i64 (i64.shl (i64.add (i64.trunc_f64_s (local.get $k)) (i64.const 1023)) (i64.const 52)))))
  (func $sigmoid (param $x f64) (result f64)
    (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (local.get $x))))))

  ;; One autoencoder's reconstruction RMSE. Byte addresses; nhp = nh rounded up to even; W is nv x nhp
  ;; (padding columns zero), hb/y have nhp slots (padding 0). map: i32 feature indices into x, or -1 for identity.
  (func (export "ae") (param $nv i32) (param $nhp i32) (param $x i32) (param $map i32)
        (param $min i32) (param $den i32) (param $w i32) (param $hb i32) (param $vb i32)
        (param $xn i32) (param $y i32) (param $err i32) (param $nh i32) (result f64)
    (local $i i32) (local $j i32) (local $v f64) (local $xi v128) (local $acc v128) (local $row i32) (local $ss f64) (local $e f64)
    ;; normalise
    (local.set $i (i32.const 0))
    (block $b0 (loop $l0
      (br_if $b0 (i32.ge_u (local.get $i) (local.get $nv)))
      (local.set $v (if (result f64) (i32.lt_s (local.get $map) (i32.const 0))
        (then (f64.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3)))))
        (else (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $map) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 3)))))))
      (f64.store (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3)))
        (f64.div (f64.sub (local.get $v) (f64.load (i32.add (local.get $min) (i32.shl (local.get $i) (i32.const 3)))))
                 (f64.load (i32.add (local.get $den) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l0)))
    ;; y = hb (then += xn W)
    (local.set $j (i32.const 0))
    (block $b1 (loop $l1
      (br_if $b1 (i32.ge_u (local.get $j) (local.get $nhp)))
      (v128.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))) (v128.const f64x2 0 0))
      (local.set $j (i32.add (local.get $j) (i32.const 2)))
      (br $l1)))
    (local.set $i (i32.const 0))
    (block $b2 (loop $l2
      (br_if $b2 (i32.ge_u (local.get $i) (local.get $nv)))
      (local.set $xi (f64x2.splat (f64.load (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $row (i32.add (local.get $w) (i32.shl (i32.mul (local.get $i) (local.get $nhp)) (i32.const 3))))
      (local.set $j (i32.const 0))
      (block $b3 (loop $l3
        (br_if $b3 (i32.ge_u (local.get $j) (local.get $nhp)))
        (v128.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3)))
          (f64x2.add (v128.load (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))))
                     (f64x2.mul (local.get $xi) (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $l3)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l2)))
    (local.set $j (i32.const 0))
    (block $b4 (loop $l4
      (br_if $b4 (i32.ge_u (local.get $j) (local.get $nh)))
      (f64.store (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3)))
        (call $sigmoid (f64.add (f64.load (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))))
                                (f64.load (i32.add (local.get $hb) (i32.shl (local.get $j) (i32.const 3)))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l4)))
    ;; decode, error, squared sum
    (local.set $ss (f64.const 0))
    (local.set $i (i32.const 0))
    (block $b5 (loop $l5
      (br_if $b5 (i32.ge_u (local.get $i) (local.get $nv)))
      (local.set $row (i32.add (local.get $w) (i32.shl (i32.mul (local.get $i) (local.get $nhp)) (i32.const 3))))
      (local.set $acc (v128.const f64x2 0 0))
      (local.set $j (i32.const 0))
      (block $b6 (loop $l6
        (br_if $b6 (i32.ge_u (local.get $j) (local.get $nhp)))
        (local.set $acc (f64x2.add (local.get $acc)
          (f64x2.mul (v128.load (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))))
                     (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $l6)))
      (local.set $e (f64.sub (f64.load (i32.add (local.get $xn) (i32.shl (local.get $i) (i32.const 3))))
        (call $sigmoid (f64.add (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc)))
                                (f64.load (i32.add (local.get $vb) (i32.shl (local.get $i) (i32.const 3))))))))
      (f64.store (i32.add (local.get $err) (i32.shl (local.get $i) (i32.const 3))) (local.get $e))
      (local.set $ss (f64.add (local.get $ss) (f64.mul (local.get $e) (local.get $e))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l5)))
    (f64.sqrt (f64.div (local.get $ss) (f64.convert_i32_u (local.get $nv)))))
)
