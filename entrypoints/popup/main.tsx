import { render } from 'preact';
import { Popup } from '../../src/ui/Popup';
import '../../src/ui/style.css';

render(<Popup />, document.getElementById('app')!);
