/** Two images compared (compare.css styles it). */
import './compare.css';

export { ComparePage } from './ComparePage';
