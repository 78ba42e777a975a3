import { MouseEvent, useState } from 'react';
import {
  CodeSnippet,
  InfoCard,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import type { ArtifactFile } from '../../api/types';
import { saveBlob } from '../shared/download';
import { formatBytes } from '../shared/format';

/** A manifest file with the URL it downloads from. */
export type ArtifactFileRow = ArtifactFile & { url: string };

const LANGUAGES: Record<string, string> = {
  py: 'python',
  ts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  go: 'go',
  json: 'json',
  md: 'markdown',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  sh: 'bash',
  diff: 'diff',
};

const languageOf = (path: string) =>
  LANGUAGES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'text';

const baseName = (path: string) => path.split('/').pop() ?? path;

/**
 * The artifact's files: path, size, digest, a preview and a download link.
 * The link's href is the real file URL; clicking it fetches the bytes with
 * the user's token (a bare link would be refused) and saves them.
 */
export function ArtifactFiles(props: {
  artifactId: string;
  files: ArtifactFileRow[];
}) {
  const api = useApi(quantumlayerApiRef);
  const [problem, setProblem] = useState<string>();
  const [preview, setPreview] = useState<{ path: string; text: string }>();

  const download = async (event: MouseEvent, file: ArtifactFileRow) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      const blob = await api.downloadArtifactFile(props.artifactId, file.path);
      saveBlob(blob, baseName(file.path));
    } catch (error) {
      setProblem(`${file.path}: ${(error as Error).message}`);
    }
  };

  const show = async (file: ArtifactFileRow) => {
    setProblem(undefined);
    try {
      const blob = await api.downloadArtifactFile(props.artifactId, file.path);
      setPreview({ path: file.path, text: await blob.text() });
    } catch (error) {
      setProblem(`${file.path}: ${(error as Error).message}`);
    }
  };

  const columns: TableColumn<ArtifactFileRow>[] = [
    {
      title: 'Path',
      field: 'path',
      render: file => (
        <Typography variant="body2" style={{ fontFamily: 'monospace' }}>
          {file.path}
        </Typography>
      ),
    },
    { title: 'Size', field: 'size', render: file => formatBytes(file.size) },
    {
      title: 'SHA-256',
      field: 'sha256',
      render: file => (
        <span title={file.sha256} style={{ fontFamily: 'monospace' }}>
          {file.sha256.slice(0, 12)}
        </span>
      ),
    },
    {
      title: '',
      sorting: false,
      render: file => (
        <Box display="flex" style={{ gap: 12 }}>
          <Button
            size="small"
            onClick={() => show(file)}
            aria-label={`Preview ${file.path}`}
          >
            Preview
          </Button>
          <Button
            size="small"
            component="a"
            href={file.url}
            download={baseName(file.path)}
            onClick={(event: MouseEvent) => download(event, file)}
            aria-label={`Download ${file.path}`}
            data-testid={`download-${file.path}`}
          >
            Download
          </Button>
        </Box>
      ),
    },
  ];

  return (
    <>
      <Table<ArtifactFileRow>
        title={`Files of ${props.artifactId}`}
        options={{ paging: false, search: true, padding: 'dense' }}
        columns={columns}
        data={props.files.map(f => ({ ...f }))}
        emptyContent={<Box p={2}>The artifact has no files.</Box>}
      />
      {problem && (
        <Typography
          role="alert"
          color="error"
          variant="body2"
          data-testid="download-error"
          style={{ marginTop: 8 }}
        >
          {problem}
        </Typography>
      )}
      {preview && (
        <Box mt={2} data-testid="file-preview">
          <InfoCard title={preview.path}>
            <CodeSnippet
              text={preview.text}
              language={languageOf(preview.path)}
              showLineNumbers
              showCopyCodeButton
            />
          </InfoCard>
        </Box>
      )}
    </>
  );
}
