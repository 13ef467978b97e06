import { render } from 'preact';
import { Options } from '../../src/ui/Options';
import '../../src/ui/style.css';

render(<Options />, document.getElementById('app')!);
