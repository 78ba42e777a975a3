import { MouseEvent, ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { saveBlob } from '../shared/download';

/**
 * A download link for a QuantumDrop blob that the artifact's pipeline
 * record references (test log, repair diff or feedback). Like the file
 * links, the href is the real URL and a click fetches the bytes with the
 * user's token and saves them as `fileName`.
 */
export function BlobDownloadLink(props: {
  artifactId: string;
  sha256: string;
  fileName: string;
  children: ReactNode;
}) {
  const { artifactId, sha256, fileName } = props;
  const api = useApi(quantumlayerApiRef);
  const { value: href } = useAsync(
    () => api.getArtifactBlobUrl(artifactId, sha256),
    [api, artifactId, sha256],
  );
  const [problem, setProblem] = useState<string>();

  const download = async (event: MouseEvent) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      saveBlob(await api.downloadArtifactBlob(artifactId, sha256), fileName);
    } catch (error) {
      setProblem(`${fileName}: ${(error as Error).message}`);
    }
  };

  return (
    <>
      <Link
        href={href}
        download={fileName}
        onClick={download}
        title={sha256}
        aria-label={`Download ${fileName}`}
        data-testid={`pipeline-download-${fileName}`}
      >
        {props.children}
      </Link>
      {problem && (
        <Typography
          role="alert"
          color="error"
          variant="body2"
          component="span"
          display="block"
          data-testid="pipeline-download-error"
        >
          {problem}
        </Typography>
      )}
    </>
  );
}
