/** CSV selection by file input or drag-and-drop. */
import { useRef, useState, type DragEvent } from 'react';

/** Props of {@link FilePicker}. */
export interface FilePickerProps {
  disabled: boolean;
  onFiles(files: File[]): void;
}

/** A drop zone that is also a button opening the file dialog. */
export function FilePicker({ disabled, onFiles }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = [...e.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      className={`dropzone${over ? ' over' : ''}${disabled ? ' disabled' : ''}`}
      data-testid="csv-dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>Drop CICIDS CSV files here, or</p>
      <button
        type="button"
        disabled={disabled}
        onClick={() => input.current?.click()}
        data-testid="csv-browse"
      >
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        accept=".csv,text/csv"
        multiple
        hidden
        data-testid="csv-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          // Reset so picking the same file again still fires a change.
          e.target.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
