/**
 * A small 3-class data set shared by the linear-model tests, made with
 * python3: rng = np.random.RandomState(0);
 *   X = np.round(np.vstack([rng.randn(10,2), rng.randn(10,2) + [2,1], rng.randn(10,2) + [0,3]]), 3)
 *   y = np.repeat([0,1,2], 10)
 */
import { fromRows, type Matrix } from "../../table/matrix.js";

export const THREE_BLOBS_X: Matrix = fromRows([
  [1.764, 0.4],
  [0.979, 2.241],
  [1.868, -0.977],
  [0.95, -0.151],
  [-0.103, 0.411],
  [0.144, 1.454],
  [0.761, 0.122],
  [0.444, 0.334],
  [1.494, -0.205],
  [0.313, -0.854],
  [-0.553, 1.654],
  [2.864, 0.258],
  [4.27, -0.454],
  [2.046, 0.813],
  [3.533, 2.469],
  [2.155, 1.378],
  [1.112, -0.981],
  [1.652, 1.156],
  [3.23, 2.202],
  [1.613, 0.698],
  [-1.049, 1.58],
  [-1.706, 4.951],
  [-0.51, 2.562],
  [-1.253, 3.777],
  [-1.614, 2.787],
  [-0.895, 3.387],
  [-0.511, 1.819],
  [-0.028, 3.428],
  [0.067, 3.302],
  [-0.634, 2.637],
]);
export const THREE_BLOBS_Y = Int32Array.from({ length: 30 }, (_, i) => Math.floor(i / 10));
