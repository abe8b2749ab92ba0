import type { Backend } from "@/lib/contract";
import { useModelStore } from "@/store/model-store";
import { Select } from "@/components/ui/select";

type Props = Omit<React.ComponentProps<"select">, "value" | "onChange"> & {
  value: Backend;
  onChange: (backend: Backend) => void;
  /** The loaded session fell back to WASM. */
  fellBack?: boolean;
};

/**
 * The WebGPU/WASM choice; its label stays with the caller. WebGPU, when chosen, says it runs on WASM where this
 * browser cannot use it (or the session fell back).
 */
export function BackendSelect({ value, onChange, fellBack = false, ...props }: Props) {
  const webgpuProblem = useModelStore((s) => s.webgpuProblem);
  const webgpuOff = value === "webgpu" && Boolean(webgpuProblem || fellBack);
  return (
    <Select value={value} onChange={(e) => onChange(e.target.value as Backend)} {...props}>
      <option value="webgpu">{webgpuOff ? "WebGPU (unavailable: runs on WASM)" : "WebGPU"}</option>
      <option value="wasm">WASM</option>
    </Select>
  );
}
